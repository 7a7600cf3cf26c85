package org.llmadvisor.app.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.providers.ProviderType;

/** {@code advisor.deployments.<id>.*} read into a deployment's settings. */
class DeploymentConfigTest {

  record Config(String provider, Optional<String> baseUrl, Optional<String> apiKey)
      implements AdvisorConfig.DeploymentConfig {
    @Override
    public Optional<String> model() {
      return Optional.of("meta-llama/Llama-3.1-8B-Instruct");
    }

    @Override
    public Optional<String> apiVersion() {
      return Optional.empty();
    }

    @Override
    public Optional<String> hardware() {
      return Optional.empty();
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(60);
    }
  }

  @Test
  void should_read_a_vllm_deployment_with_replicas_and_an_optional_key() {
    var s =
        DeploymentRegistry.settings(
            "gpu",
            new Config(
                "vllm", Optional.of("http://gpu-1:8000, http://gpu-2:8000/"), Optional.empty()));
    assertThat(s.provider()).isEqualTo(ProviderType.VLLM);
    assertThat(s.replicaUrls()).containsExactly("http://gpu-1:8000", "http://gpu-2:8000");
    assertThat(s.apiKey()).isEmpty();
  }

  @Test
  void should_name_the_key_and_every_provider_when_the_provider_is_unknown() {
    assertThatThrownBy(
            () ->
                DeploymentRegistry.settings(
                    "gpu", new Config("vlm", Optional.empty(), Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("advisor.deployments.gpu.provider must be ")
        .hasMessageEndingWith(", was 'vlm'")
        .hasMessageContainingAll("ollama", "openai", "azure-openai", "vllm");
  }
}
