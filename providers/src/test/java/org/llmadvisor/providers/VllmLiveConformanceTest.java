package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * The vLLM conformance suite against a running vLLM server: set {@code ADVISOR_TEST_VLLM_URL} (its
 * root, e.g. {@code http://gpu-1:8000}) and {@code ADVISOR_TEST_VLLM_MODEL} (the name it serves the
 * model under), and {@code ADVISOR_TEST_VLLM_API_KEY} if it was started with {@code --api-key}.
 */
class VllmLiveConformanceTest extends VllmConformanceTest {

  @Override
  Optional<Live> live() {
    return Optional.of(
        Live.fromEnvironment(
            "vLLM",
            env ->
                new DeploymentSettings(
                    "live-vllm",
                    ProviderType.VLLM,
                    env.get("ADVISOR_TEST_VLLM_URL"),
                    env.get("ADVISOR_TEST_VLLM_MODEL"),
                    Optional.ofNullable(env.get("ADVISOR_TEST_VLLM_API_KEY")),
                    Optional.empty(),
                    Optional.empty(),
                    // a server under load may queue the first calls
                    Duration.ofMinutes(2)),
            "ADVISOR_TEST_VLLM_URL",
            "ADVISOR_TEST_VLLM_MODEL"));
  }
}
