package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * The OpenAI conformance suite against the OpenAI API: set {@code OPENAI_API_KEY} (and {@code
 * OPENAI_MODEL}, default {@code gpt-4o-mini}). Each run makes a few small paid calls.
 */
class OpenAiLiveConformanceTest extends OpenAiConformanceTest {

  @Override
  Optional<Live> live() {
    return Optional.of(
        Live.fromEnvironment(
            "OpenAI",
            env ->
                new DeploymentSettings(
                    "live-openai",
                    ProviderType.OPENAI,
                    null,
                    env.getOrDefault("OPENAI_MODEL", "gpt-4o-mini"),
                    Optional.of(env.get("OPENAI_API_KEY")),
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(60)),
            "OPENAI_API_KEY"));
  }
}
