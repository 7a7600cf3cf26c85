package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/** The recommendation resolver on its own: settings in, what to deploy out, no app around it. */
class RecommendationResolverTest {

  private static DeploymentSettings ollama(String id, String url, String model, String hardware) {
    return new DeploymentSettings(
        id,
        ProviderType.OLLAMA,
        url,
        model,
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(hardware),
        Duration.ofSeconds(60));
  }

  private static DeploymentSettings openai(String id, String model) {
    return new DeploymentSettings(
        id,
        ProviderType.OPENAI,
        "https://api.openai.com/v1",
        model,
        Optional.of("sk-test"),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(60));
  }

  @Test
  void should_serve_on_the_server_with_the_recommended_device_when_several_are_configured() {
    var resolver =
        new RecommendationResolver(
            List.of(
                ollama("a-cpu", "http://10.0.0.1:11434", "llama2:7b", "epyc-9654"),
                ollama("gpu", "http://10.0.0.2:11434", "mistral:7b", "rtx-4090")));

    var resolved = resolver.resolve("ollama/llama2:7b-chat-q4_0@rtx-4090");

    assertThat(resolved.deployment())
        .isEqualTo(new Plan.Derived("gpu/llama2:7b-chat-q4_0", "gpu", "llama2:7b-chat-q4_0"));
    assertThat(resolved.warnings()).isEmpty();
  }

  @Test
  void should_use_the_configured_deployment_itself_when_it_serves_the_same_tag() {
    var resolver =
        new RecommendationResolver(
            List.of(ollama("gpu", "http://10.0.0.2:11434", "LLAMA2", "rtx-4090")));

    var resolved = resolver.resolve("ollama/llama2:latest@rtx-4090");

    assertThat(resolved.deployment()).isEqualTo(new Plan.Derived("gpu", "gpu", "llama2:latest"));
  }

  @Test
  void should_serve_this_machine_on_the_loopback_ollama_when_no_server_names_its_device() {
    var resolver =
        new RecommendationResolver(
            List.of(
                ollama("a-remote", "http://10.0.0.1:11434", null, null),
                ollama("here", "http://127.0.0.1:11434", null, null)));

    var resolved = resolver.resolve("ollama/llama2:7b@local");

    assertThat(resolved.deployment().baseDeploymentId()).isEqualTo("here");
  }

  @Test
  void should_name_the_replica_setting_when_the_shape_has_more_servers_than_configured() {
    var resolver =
        new RecommendationResolver(
            List.of(ollama("gpu", "http://10.0.0.2:11434", null, "rtx-4090")));

    var resolved = resolver.resolve("ollama/llama2:7b@rtx-4090:3x1");

    assertThat(resolved.warnings())
        .singleElement()
        .asString()
        .contains("gpu lists 1 Ollama server")
        .contains(
            "advisor.deployments.gpu.base-url=http://10.0.0.2:11434,http://<server-2>:11434,"
                + "http://<server-3>:11434")
        .contains("ADVISOR_DEPLOYMENTS_GPU_BASE_URL")
        .endsWith("until then 1 of 3 servers take the traffic");
  }

  @Test
  void should_refuse_with_409_and_the_settings_to_add_when_no_ollama_server_is_configured() {
    var resolver = new RecommendationResolver(List.of(openai("openai", "gpt-4o-mini")));

    PlanException e =
        catchThrowableOfType(
            PlanException.class, () -> resolver.resolve("ollama/llama2:7b@rtx-4090"));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.field()).isEqualTo("recommendationId");
    assertThat(e.getMessage())
        .contains("no Ollama server is configured")
        .contains("advisor.deployments.local.provider=ollama")
        .contains("advisor.deployments.local.hardware=rtx-4090");
  }

  @Test
  void should_derive_the_recommended_model_on_the_openai_credentials_when_none_serves_it() {
    var resolver = new RecommendationResolver(List.of(openai("openai", "gpt-4o")));

    var resolved = resolver.resolve("openai/gpt-4o-mini");

    assertThat(resolved.deployment())
        .isEqualTo(new Plan.Derived("openai/gpt-4o-mini", "openai", "gpt-4o-mini"));
  }

  @Test
  void should_refuse_with_400_when_the_id_is_not_a_recommendation_id() {
    var resolver = new RecommendationResolver(List.of());

    PlanException e =
        catchThrowableOfType(PlanException.class, () -> resolver.resolve("llama2:7b"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("recommendationId");
    assertThat(e.getMessage()).endsWith("; take an id from /api/advice");
  }

  private static final String VLLM_ID = "vllm/meta-llama/Llama-3.1-70B-Instruct@h100-sxm:rent:2x2";
  private static final org.llmadvisor.core.advice.VllmServing SERVING =
      new org.llmadvisor.core.advice.VllmServing(
          "meta-llama/Llama-3.1-70B-Instruct", "bfloat16", Optional.of("fp8"), 2, 8192, 64, 0.9);

  private static DeploymentSettings vllm(String model) {
    return new DeploymentSettings(
        "vllm",
        ProviderType.VLLM,
        "http://vllm-0.vllm:8000,http://vllm-1.vllm:8000",
        model,
        Optional.empty(),
        Optional.empty(),
        Optional.of("h100-sxm"),
        Duration.ofSeconds(60));
  }

  @Test
  void should_serve_a_vllm_id_on_the_configured_vllm_server_with_the_advice_arguments() {
    var resolver =
        new RecommendationResolver(
            List.of(vllm("other/model"), openai("openai", "gpt-4o")),
            id -> id.equals(VLLM_ID) ? Optional.of(SERVING) : Optional.empty());

    var resolved = resolver.resolve(VLLM_ID);

    assertThat(resolved.deployment())
        .isEqualTo(
            new Plan.Derived(
                "vllm/meta-llama/Llama-3.1-70B-Instruct",
                "vllm",
                "meta-llama/Llama-3.1-70B-Instruct",
                SERVING.json()));
    assertThat(resolved.warnings()).isEmpty();
  }

  @Test
  void should_refuse_a_vllm_id_no_recent_advice_returned_naming_the_field() {
    var resolver =
        new RecommendationResolver(
            List.of(vllm("meta-llama/Llama-3.1-70B-Instruct")), id -> Optional.empty());

    PlanException e = catchThrowableOfType(PlanException.class, () -> resolver.resolve(VLLM_ID));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.field()).isEqualTo("recommendationId");
    assertThat(e.getMessage()).contains("not in a recent advice").contains("/api/advice");
  }

  @Test
  void should_refuse_with_the_settings_to_add_when_no_vllm_server_is_configured() {
    var resolver =
        new RecommendationResolver(List.of(openai("openai", "gpt-4o")), id -> Optional.of(SERVING));

    PlanException e = catchThrowableOfType(PlanException.class, () -> resolver.resolve(VLLM_ID));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.field()).isEqualTo("recommendationId");
    assertThat(e.getMessage())
        .contains("advisor.deployments.vllm.provider=vllm")
        .contains("advisor.deployments.vllm.model=meta-llama/Llama-3.1-70B-Instruct");
  }
}
