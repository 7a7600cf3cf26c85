package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.plan.BundleServiceTest.CLOUD;
import static org.llmadvisor.app.plan.BundleServiceTest.YAML;
import static org.llmadvisor.app.plan.BundleServiceTest.envFile;
import static org.llmadvisor.app.plan.BundleServiceTest.interpolate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/**
 * Deployment files for a fleet plan: the recommendation's shape (replicas × devices per server)
 * becomes one Ollama service per replica in compose, a StatefulSet of that many pods behind a
 * headless Service in Kubernetes, files per host for systemd, each server reserving its devices of
 * the device's vendor, or none for a CPU or an Apple chip.
 */
class FleetBundleTest {

  // strict: a misspelt or misplaced field fails here rather than being ignored by the cluster
  static final ObjectMapper K8S =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  static final String MODEL = "llama3.1:8b-instruct-q4_K_M";

  static DeploymentSettings local(String hardware) {
    return new DeploymentSettings(
        "local",
        ProviderType.OLLAMA,
        "http://ollama:11434",
        MODEL,
        Optional.empty(),
        Optional.empty(),
        Optional.of(hardware),
        Duration.ofSeconds(60));
  }

  static BundleService.Bundle render(String format, String hardware, String shape) {
    String id = "ollama/" + MODEL + "@" + hardware + ":rent" + (shape == null ? "" : ":" + shape);
    Plan plan =
        new Plan(
            List.of("local", "cloud"),
            5_000,
            false,
            null,
            id,
            List.of(new Plan.Derived("local", "local", MODEL)),
            Map.of(),
            Instant.parse("2026-03-15T12:00:00Z"));
    return BundleService.render(format, plan, List.of(local(hardware), CLOUD));
  }

  static JsonNode compose(BundleService.Bundle b) throws IOException {
    return YAML.readTree(
        interpolate(b.files().get("compose.yaml"), Map.of("ADVISOR_API_KEYS", "k")));
  }

  @Test
  void should_run_one_ollama_service_per_replica_each_with_its_gpus_when_rendered_for_compose()
      throws IOException {
    JsonNode c = compose(render("compose", "rtx-4090", "3x2"));

    JsonNode services = c.path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("app", "ollama-1", "ollama-2", "ollama-3", "postgres");
    for (int i = 1; i <= 3; i++) {
      JsonNode o = services.path("ollama-" + i);
      JsonNode gpu = o.at("/deploy/resources/reservations/devices").get(0);
      assertThat(gpu.path("driver").asText()).isEqualTo("nvidia");
      assertThat(gpu.path("count").asInt()).isEqualTo(2);
      // each replica keeps its models on a volume of its own, declared at the top
      String volume = o.path("volumes").get(0).asText();
      assertThat(volume).isEqualTo("ollama-models-" + i + ":/models");
      assertThat(c.path("volumes").has("ollama-models-" + i)).isTrue();
    }
    JsonNode app = services.path("app");
    assertThat(app.at("/environment/ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL").asText())
        .isEqualTo("http://ollama-1:11434,http://ollama-2:11434,http://ollama-3:11434");
    List<String> dependsOn = new ArrayList<>();
    app.path("depends_on").fieldNames().forEachRemaining(dependsOn::add);
    assertThat(dependsOn).containsExactly("postgres", "ollama-1", "ollama-2", "ollama-3");
    assertThat(c.path("volumes").has("ollama-models")).isFalse();
  }

  @Test
  void should_reserve_no_gpu_for_a_cpu_or_an_apple_chip_and_say_how_to_run_on_macs()
      throws IOException {
    for (String hw : List.of("cpu-epyc-genoa-ddr5-4800-12ch", "m2-ultra-76c")) {
      BundleService.Bundle b = render("compose", hw, null);
      JsonNode ollama = compose(b).at("/services/ollama");
      assertThat(ollama.isMissingNode()).as(hw).isFalse();
      assertThat(ollama.has("deploy")).as(hw).isFalse();
      assertThat(ollama.path("restart").asText()).isEqualTo("unless-stopped");

      StatefulSet s =
          K8S.readValue(
              render("kubernetes", hw, null).files().get("kubernetes/ollama-statefulset.yaml"),
              StatefulSet.class);
      Container o = s.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(o.getResources()).as(hw).isNull();
    }
    assertThat(render("compose", "m2-ultra-76c", "2x1").notes())
        .anySatisfy(n -> assertThat(n).startsWith("an Apple chip's GPU cannot be used"));
  }

  @Test
  void should_ask_for_amd_gpus_in_amds_terms() throws IOException {
    StatefulSet s =
        K8S.readValue(
            render("kubernetes", "mi300x", "2x4").files().get("kubernetes/ollama-statefulset.yaml"),
            StatefulSet.class);
    Container o = s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(o.getResources().getLimits()).containsOnlyKeys("amd.com/gpu");
    assertThat(o.getResources().getLimits().get("amd.com/gpu")).isEqualTo(new Quantity("4"));
    assertThat(o.getImage()).isEqualTo("ollama/ollama:rocm");

    JsonNode ollama = compose(render("compose", "mi300x", null)).at("/services/ollama");
    assertThat(ollama.has("deploy")).isFalse();
    assertThat(ollama.path("devices").toString()).contains("/dev/kfd").contains("/dev/dri");
  }

  @Test
  void should_render_a_stateful_set_of_the_shapes_replicas_that_pull_the_model_on_start()
      throws IOException {
    Map<String, String> files = render("kubernetes", "rtx-4090", "3x2").files();

    StatefulSet s =
        K8S.readValue(files.get("kubernetes/ollama-statefulset.yaml"), StatefulSet.class);
    assertThat(s.getSpec().getReplicas()).isEqualTo(3);
    Container o = s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(o.getResources().getLimits()).containsOnlyKeys("nvidia.com/gpu");
    assertThat(o.getResources().getLimits().get("nvidia.com/gpu")).isEqualTo(new Quantity("2"));
    // the init container pulls the model the ConfigMap names onto the pod's model volume
    Container pull = s.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(String.join(" ", pull.getCommand())).contains("ollama pull \"$OLLAMA_MODEL\"");
    assertThat(pull.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("OLLAMA_MODEL");
              assertThat(e.getValueFrom().getConfigMapKeyRef().getKey())
                  .isEqualTo("ADVISOR_DEPLOYMENTS_LOCAL_MODEL");
            });
    assertThat(pull.getVolumeMounts().get(0).getName())
        .isEqualTo(s.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());

    // a headless Service names each pod, and the app lists them all as replicas
    Service svc = K8S.readValue(files.get("kubernetes/ollama-service.yaml"), Service.class);
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(s.getSpec().getServiceName()).isEqualTo(svc.getMetadata().getName());
    JsonNode k = YAML.readTree(files.get("kubernetes/kustomization.yaml"));
    List<String> literals = new ArrayList<>();
    k.at("/configMapGenerator/0/literals").forEach(l -> literals.add(l.asText()));
    assertThat(literals)
        .contains(
            "ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL=http://ollama-0.ollama:11434,"
                + "http://ollama-1.ollama:11434,http://ollama-2.ollama:11434",
            "ADVISOR_DEPLOYMENTS_LOCAL_MODEL=" + MODEL,
            "ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE=rtx-4090");
  }

  @Test
  void should_render_an_ollama_drop_in_and_a_pull_unit_per_host_when_rendered_for_systemd() {
    BundleService.Bundle b = render("systemd", "rtx-4090", "3x2");
    Map<String, String> files = b.files();

    Map<String, String> env = envFile(files.get("systemd/llm-advisor.env"));
    assertThat(env)
        .containsEntry(
            "ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL",
            "http://ollama-1:11434,http://ollama-2:11434,http://ollama-3:11434");
    for (int i = 1; i <= 3; i++) {
      String dir = "systemd/hosts/ollama-" + i + "/";
      String dropIn = files.get(dir + "ollama.service.d/llm-advisor.conf");
      assertThat(dropIn)
          .contains("[Service]")
          .contains("Environment=\"OLLAMA_HOST=0.0.0.0:11434\"")
          .contains("Environment=\"CUDA_VISIBLE_DEVICES=0,1\"");
      String unit = files.get(dir + "ollama-pull.service");
      assertThat(unit)
          .contains("Requires=ollama.service")
          .contains("Type=oneshot")
          .contains("ExecStart=/usr/local/bin/ollama pull " + MODEL)
          .contains("WantedBy=multi-user.target");
    }
    assertThat(b.notes()).anySatisfy(n -> assertThat(n).startsWith("replace ollama-1 … ollama-3"));
  }

  @Test
  void should_leave_a_single_server_on_one_gpu_as_the_deploy_files_have_it() throws IOException {
    BundleService.Bundle b = render("systemd", "rtx-4090", null);
    assertThat(b.files().keySet())
        .containsExactly("systemd/llm-advisor.service", "systemd/llm-advisor.env");
    assertThat(envFile(b.files().get("systemd/llm-advisor.env")))
        .containsEntry("ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL", "http://127.0.0.1:11434");
    StatefulSet s =
        K8S.readValue(
            render("kubernetes", "rtx-4090", null)
                .files()
                .get("kubernetes/ollama-statefulset.yaml"),
            StatefulSet.class);
    assertThat(s.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void should_set_the_advised_slots_and_context_on_every_ollama_server_when_the_plan_has_them()
      throws IOException {
    Plan plan =
        new Plan(
            List.of("local", "cloud"),
            5_000,
            false,
            null,
            "ollama/" + MODEL + "@rtx-5090:buy:3x1",
            List.of(new Plan.Derived("local", "local", MODEL)),
            Map.of("local", Map.of("parallelSlots", 32.0, "contextPerSlot", 4096.0)),
            Instant.parse("2026-03-15T12:00:00Z"));

    JsonNode c = compose(BundleService.render("compose", plan, List.of(local("rtx-5090"), CLOUD)));
    String statefulSet =
        BundleService.render("kubernetes", plan, List.of(local("rtx-5090"), CLOUD))
            .files()
            .get("kubernetes/ollama-statefulset.yaml");
    Map<String, String> systemd =
        BundleService.render("systemd", plan, List.of(local("rtx-5090"), CLOUD)).files();

    for (int i = 1; i <= 3; i++) {
      JsonNode env = c.path("services").path("ollama-" + i).path("environment");
      assertThat(env.path("OLLAMA_NUM_PARALLEL").asText()).isEqualTo("32");
      assertThat(env.path("OLLAMA_CONTEXT_LENGTH").asText()).isEqualTo("4096");
      assertThat(systemd.get("systemd/hosts/ollama-" + i + "/ollama.service.d/llm-advisor.conf"))
          .contains("Environment=\"OLLAMA_NUM_PARALLEL=32\"")
          .contains("Environment=\"OLLAMA_CONTEXT_LENGTH=4096\"");
    }
    StatefulSet set = K8S.readValue(statefulSet, StatefulSet.class);
    Container ollama = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(ollama.getEnv())
        .anyMatch(e -> e.getName().equals("OLLAMA_NUM_PARALLEL") && e.getValue().equals("32"))
        .anyMatch(e -> e.getName().equals("OLLAMA_CONTEXT_LENGTH") && e.getValue().equals("4096"));
  }
}
