package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.plan.BundleServiceTest.CLOUD;
import static org.llmadvisor.app.plan.BundleServiceTest.KEY;
import static org.llmadvisor.app.plan.BundleServiceTest.YAML;
import static org.llmadvisor.app.plan.BundleServiceTest.interpolate;
import static org.llmadvisor.app.plan.FleetBundleTest.K8S;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.advice.VllmServing;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/**
 * The files of a plan applied from a vLLM recommendation of 2 servers of 2 GPUs each: vLLM's image
 * with the advice's arguments, 2 GPUs per server, a readiness probe on /health, the Hugging Face
 * token from a Secret or the environment and never a key in the files, and the app's settings
 * naming the vLLM servers.
 */
class VllmBundleTest {

  static final String REPO = "meta-llama/Llama-3.1-70B-Instruct";
  static final VllmServing.Json SERVING =
      new VllmServing.Json(REPO, "bfloat16", "fp8", 2, 8192, 64, 0.9);
  static final DeploymentSettings VLLM =
      new DeploymentSettings(
          "vllm",
          ProviderType.VLLM,
          "http://vllm-0.vllm:8000,http://vllm-1.vllm:8000",
          REPO,
          Optional.empty(),
          Optional.empty(),
          Optional.of("h100-sxm"),
          Duration.ofSeconds(60));

  static BundleService.Bundle render(String format) {
    Plan plan =
        new Plan(
            List.of("vllm", "cloud"),
            5_000,
            false,
            null,
            "vllm/" + REPO + "@h100-sxm:rent:2x2",
            List.of(new Plan.Derived("vllm", "vllm", REPO, SERVING)),
            Map.of(),
            Instant.parse("2026-03-15T12:00:00Z"));
    return BundleService.render(format, plan, List.of(VLLM, CLOUD));
  }

  static final List<String> ARGS =
      List.of(
          "--model",
          REPO,
          "--served-model-name",
          REPO,
          "--dtype",
          "bfloat16",
          "--quantization",
          "fp8",
          "--tensor-parallel-size",
          "2",
          "--max-model-len",
          "8192",
          "--max-num-seqs",
          "64",
          "--gpu-memory-utilization",
          "0.9",
          "--port",
          "8000");

  @Test
  void should_run_one_vllm_statefulset_pod_per_server_with_its_gpus_when_rendered_for_kubernetes()
      throws IOException {
    BundleService.Bundle b = render("kubernetes");
    assertThat(b.files()).doesNotContainKey("kubernetes/ollama-statefulset.yaml");
    StatefulSet s = K8S.readValue(b.files().get(VllmBundle.STATEFUL_SET), StatefulSet.class);
    assertThat(s.getSpec().getReplicas()).isEqualTo(2);
    Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
    assertThat(c.getArgs()).containsExactlyElementsOf(ARGS);
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"));
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8000);
    var token = c.getEnv().get(0);
    assertThat(token.getName()).isEqualTo("HF_TOKEN");
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-token");
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/dev/shm", "/hf-cache");
    assertThat(s.getSpec().getVolumeClaimTemplates()).hasSize(1);

    Service svc = K8S.readValue(b.files().get(VllmBundle.SERVICE), Service.class);
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(s.getSpec().getServiceName()).isEqualTo(svc.getMetadata().getName());

    String kustomization = b.files().get("kubernetes/kustomization.yaml");
    JsonNode k = YAML.readTree(kustomization);
    assertThat(k.path("resources").toString())
        .contains("vllm-statefulset.yaml", "vllm-service.yaml")
        .doesNotContain("ollama");
    assertThat(k.at("/configMapGenerator/0/literals").toString())
        .contains("ADVISOR_DEPLOYMENTS_VLLM_PROVIDER=vllm")
        .contains(
            "ADVISOR_DEPLOYMENTS_VLLM_BASE_URL=http://vllm-0.vllm:8000,http://vllm-1.vllm:8000")
        .contains("ADVISOR_DEPLOYMENTS_VLLM_MODEL=" + REPO)
        .doesNotContain("ADVISOR_DEPLOYMENTS_LOCAL_PROVIDER");
    b.files().values().forEach(text -> assertThat(text).doesNotContain(KEY));
  }

  @Test
  void should_run_one_vllm_service_per_server_sharing_host_memory_when_rendered_for_compose()
      throws IOException {
    BundleService.Bundle b = render("compose");
    String text = b.files().get("compose.yaml");
    JsonNode c = YAML.readTree(interpolate(text, Map.of("ADVISOR_API_KEYS", "k")));
    List<String> names = new ArrayList<>();
    c.path("services").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("app", "vllm-1", "vllm-2", "postgres");
    for (int i = 1; i <= 2; i++) {
      JsonNode v = c.at("/services/vllm-" + i);
      assertThat(v.path("image").asText()).isEqualTo("vllm/vllm-openai:v0.11.0");
      List<String> args = new ArrayList<>();
      v.path("command").forEach(a -> args.add(a.asText()));
      assertThat(args).containsExactlyElementsOf(ARGS);
      assertThat(v.path("ipc").asText()).isEqualTo("host");
      JsonNode gpu = v.at("/deploy/resources/reservations/devices").get(0);
      assertThat(gpu.path("driver").asText()).isEqualTo("nvidia");
      assertThat(gpu.path("count").asInt()).isEqualTo(2);
      assertThat(v.at("/healthcheck/test").toString()).contains("/health");
      assertThat(v.path("volumes").get(0).asText()).isEqualTo("hf-cache-" + i + ":/hf-cache");
      assertThat(c.path("volumes").has("hf-cache-" + i)).isTrue();
    }
    // the token comes from the environment: the file only names the variable
    assertThat(text).contains("HF_TOKEN: ${HF_TOKEN:-}").doesNotContain(KEY);
    JsonNode app = c.at("/services/app/environment");
    assertThat(app.path("ADVISOR_DEPLOYMENTS_VLLM_BASE_URL").asText())
        .isEqualTo("http://vllm-1:8000,http://vllm-2:8000");
    assertThat(app.path("ADVISOR_DEPLOYMENTS_VLLM_MODEL").asText()).isEqualTo(REPO);
    assertThat(app.has("ADVISOR_DEPLOYMENTS_LOCAL_PROVIDER")).isFalse();
    List<String> dependsOn = new ArrayList<>();
    c.at("/services/app/depends_on").fieldNames().forEachRemaining(dependsOn::add);
    assertThat(dependsOn).containsExactly("postgres", "vllm-1", "vllm-2");
    assertThat(c.path("volumes").has("ollama-models")).isFalse();
  }

  @Test
  void should_give_each_host_a_unit_running_the_same_container_when_rendered_for_systemd() {
    BundleService.Bundle b = render("systemd");
    String unit = b.files().get("systemd/hosts/vllm-2/vllm.service");
    assertThat(unit)
        .contains("vllm/vllm-openai:v0.11.0 " + String.join(" ", ARGS))
        .contains("--gpus 2 --ipc=host")
        .contains("-e HF_TOKEN ");
    assertThat(b.files().get("systemd/llm-advisor.env"))
        .contains("ADVISOR_DEPLOYMENTS_VLLM_BASE_URL=http://vllm-1:8000,http://vllm-2:8000");
    assertThat(b.notes()).anyMatch(n -> n.contains("vllm-1 … vllm-2"));
  }
}
