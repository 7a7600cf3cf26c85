package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * The Ollama conformance suite against a running Ollama server: set {@code OLLAMA_BASE_URL} (and
 * {@code OLLAMA_MODEL}, default {@code llama2:7b-chat-q4_0}, pulled beforehand).
 */
class OllamaLiveConformanceTest extends OllamaConformanceTest {

  @Override
  Optional<Live> live() {
    return Optional.of(
        Live.fromEnvironment(
            "Ollama",
            env ->
                new DeploymentSettings(
                    "live-ollama",
                    ProviderType.OLLAMA,
                    env.get("OLLAMA_BASE_URL"),
                    env.getOrDefault("OLLAMA_MODEL", "llama2:7b-chat-q4_0"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    // a first call loads the model into memory
                    Duration.ofMinutes(5)),
            "OLLAMA_BASE_URL"));
  }
}
