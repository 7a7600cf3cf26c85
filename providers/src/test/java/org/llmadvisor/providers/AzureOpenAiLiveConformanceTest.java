package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * The Azure OpenAI conformance suite against an Azure resource: set {@code AZURE_OPENAI_ENDPOINT},
 * {@code AZURE_OPENAI_API_KEY} and {@code AZURE_OPENAI_DEPLOYMENT}; {@code
 * AZURE_OPENAI_API_VERSION} selects the {@code /openai/deployments} endpoint instead of {@code
 * /openai/v1}. Each run makes a few small paid calls.
 */
class AzureOpenAiLiveConformanceTest extends AzureOpenAiConformanceTest {

  @Override
  Optional<Live> live() {
    return Optional.of(
        Live.fromEnvironment(
            "Azure OpenAI",
            env ->
                new DeploymentSettings(
                    "live-azure",
                    ProviderType.AZURE_OPENAI,
                    env.get("AZURE_OPENAI_ENDPOINT"),
                    env.get("AZURE_OPENAI_DEPLOYMENT"),
                    Optional.of(env.get("AZURE_OPENAI_API_KEY")),
                    Optional.ofNullable(env.get("AZURE_OPENAI_API_VERSION")),
                    Optional.empty(),
                    Duration.ofSeconds(60)),
            "AZURE_OPENAI_ENDPOINT",
            "AZURE_OPENAI_API_KEY",
            "AZURE_OPENAI_DEPLOYMENT"));
  }
}
