package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/**
 * The deployment files rendered for a plan: each parses, says what the plan says (model, device,
 * cloud fallbacks, never a key), and differs from its source in {@code deploy/} only where the plan
 * fills it in, so what {@code DeployFilesTest} checks of the source holds for the rendered file.
 */
class BundleServiceTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DEPLOY = Path.of("..", "deploy");
  static final String KEY = "sk-bundle-test-secret-0001";

  static final String MODEL = "llama2:13b-chat-q4_K_M";
  static final String DEVICE = "l4";
  static final DeploymentSettings LOCAL =
      new DeploymentSettings(
          "local/" + MODEL,
          ProviderType.OLLAMA,
          "http://ollama:11434",
          MODEL,
          Optional.empty(),
          Optional.empty(),
          Optional.of(DEVICE),
          Duration.ofSeconds(60));
  static final DeploymentSettings CLOUD =
      new DeploymentSettings(
          "cloud",
          ProviderType.OPENAI,
          "https://api.openai.com/v1",
          "gpt-4o-mini",
          Optional.of(KEY),
          Optional.empty(),
          Optional.empty(),
          Duration.ofSeconds(30));
  static final Plan PLAN =
      new Plan(
          List.of(LOCAL.id(), CLOUD.id()),
          8_000,
          false,
          100.0,
          "ollama/" + MODEL + "@" + DEVICE,
          List.of(new Plan.Derived(LOCAL.id(), "local", MODEL)),
          Map.of(),
          Instant.parse("2026-03-15T12:00:00Z"));

  static BundleService.Bundle render(String format) {
    return BundleService.render(format, PLAN, List.of(LOCAL, CLOUD));
  }

  @Test
  void should_run_the_plans_model_on_its_device_when_rendered_for_compose() throws IOException {
    // when the plan is rendered for compose and compose fills in its variables as docker would
    String rendered = render("compose").files().get("compose.yaml");
    JsonNode compose = YAML.readTree(interpolate(rendered, Map.of("ADVISOR_API_KEYS", "k")));

    // then the app serves the plan's model on the plan's device through the Ollama service
    JsonNode app = compose.path("services").path("app");
    JsonNode env = app.path("environment");
    assertThat(env.path("ADVISOR_DEPLOYMENTS_LOCAL_PROVIDER").asText()).isEqualTo("ollama");
    assertThat(env.path("ADVISOR_DEPLOYMENTS_LOCAL_MODEL").asText()).isEqualTo(MODEL);
    assertThat(env.path("ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE").asText()).isEqualTo(DEVICE);
    assertThat(env.path("ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL").asText())
        .isEqualTo("http://ollama:11434");
    assertThat(compose.path("services").has("ollama")).isTrue();
    assertThat(app.path("image").asText()).isEqualTo("llm-advisor:jvm");
    assertThat(app.path("ports").get(0).asText()).isEqualTo(appPort() + ":" + appPort());
    // one NVIDIA device reserved for Ollama, as the plan's single L4
    JsonNode gpu = compose.at("/services/ollama/deploy/resources/reservations/devices").get(0);
    assertThat(gpu.path("driver").asText()).isEqualTo("nvidia");
    assertThat(gpu.path("count").asInt()).isEqualTo(1);
    assertThat(gpu.path("capabilities").get(0).asText()).isEqualTo("gpu");
    // and the model can still be chosen at `docker compose up`, as the file's header says
    JsonNode overridden =
        YAML.readTree(
            interpolate(rendered, Map.of("ADVISOR_API_KEYS", "k", "OLLAMA_MODEL", "other:tag")));
    assertThat(overridden.at("/services/app/environment/ADVISOR_DEPLOYMENTS_LOCAL_MODEL").asText())
        .isEqualTo("other:tag");
  }

  @Test
  void should_differ_from_deploy_compose_only_in_the_local_model_and_device() throws IOException {
    JsonNode rendered = YAML.readTree(render("compose").files().get("compose.yaml"));
    ObjectNode expected =
        (ObjectNode) YAML.readTree(Files.readString(DEPLOY.resolve("compose.yaml")));
    ObjectNode env = (ObjectNode) expected.at("/services/app/environment");
    env.put("ADVISOR_DEPLOYMENTS_LOCAL_MODEL", "${OLLAMA_MODEL:-" + MODEL + "}");
    env.put("ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE", "${ADVISOR_HARDWARE:-" + DEVICE + "}");

    assertThat(rendered).isEqualTo(expected);
  }

  @Test
  void should_render_every_manifest_the_kustomization_lists_when_rendered_for_kubernetes()
      throws IOException {
    Map<String, String> files = render("kubernetes").files();
    JsonNode source =
        YAML.readTree(Files.readString(DEPLOY.resolve("kubernetes/kustomization.yaml")));
    List<String> listed = new ArrayList<>();
    source.path("resources").forEach(r -> listed.add("kubernetes/" + r.asText()));

    // kustomize fails on a listed resource that is missing, so the bundle must carry each one
    assertThat(files.keySet())
        .containsExactlyInAnyOrderElementsOf(
            concat(listed, List.of("kubernetes/kustomization.yaml")));
    // and every manifest is its deploy/ source, parsed, to the letter
    for (String path : listed) {
      assertThat(YAML.readTree(files.get(path)))
          .as(path)
          .isEqualTo(YAML.readTree(Files.readString(DEPLOY.resolve(path))));
    }
    JsonNode ollama = YAML.readTree(files.get("kubernetes/ollama-statefulset.yaml"));
    assertThat(
            ollama.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").asText())
        .isEqualTo("1");
  }

  @Test
  void should_put_the_plans_model_in_the_config_map_and_list_cloud_fallbacks_without_their_keys()
      throws IOException {
    String rendered = render("kubernetes").files().get("kubernetes/kustomization.yaml");
    JsonNode k = YAML.readTree(rendered);

    // the ConfigMap gets the plan's model and device, and nothing else changes
    ObjectNode expected =
        (ObjectNode)
            YAML.readTree(Files.readString(DEPLOY.resolve("kubernetes/kustomization.yaml")));
    ArrayNode literals = (ArrayNode) expected.at("/configMapGenerator/0/literals");
    for (int i = 0; i < literals.size(); i++) {
      String line = literals.get(i).asText();
      if (line.startsWith("ADVISOR_DEPLOYMENTS_LOCAL_MODEL=")) {
        literals.set(i, "ADVISOR_DEPLOYMENTS_LOCAL_MODEL=" + MODEL);
      } else if (line.startsWith("ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE=")) {
        literals.set(i, "ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE=" + DEVICE);
      }
    }
    assertThat(k).isEqualTo(expected);
    // the kustomization's image is the one compose runs
    JsonNode image = k.path("images").get(0);
    assertThat(image.path("newName").asText() + ":" + image.path("newTag").asText())
        .isEqualTo(
            YAML.readTree(
                    interpolate(
                        render("compose").files().get("compose.yaml"),
                        Map.of("ADVISOR_API_KEYS", "k")))
                .at("/services/app/image")
                .asText());

    // the cloud fallback is offered as ConfigMap literals to copy, in settings the app reads
    List<String> offered =
        rendered
            .lines()
            .filter(l -> l.startsWith("#   - "))
            .map(l -> l.substring("#   - ".length()))
            .toList();
    assertThat(offered)
        .containsExactly(
            "ADVISOR_DEPLOYMENTS_CLOUD_PROVIDER=openai",
            "ADVISOR_DEPLOYMENTS_CLOUD_MODEL=gpt-4o-mini",
            "ADVISOR_DEPLOYMENTS_CLOUD_BASE_URL=https://api.openai.com/v1");
    offered.forEach(l -> assertThat(deploymentSettingRead(l)).as(l).isTrue());
    assertThat(rendered).doesNotContain(KEY);
  }

  @Test
  void should_set_the_plan_in_the_environment_file_when_rendered_for_systemd() throws IOException {
    Map<String, String> files = render("systemd").files();
    Map<String, String> env = envFile(files.get("systemd/llm-advisor.env"));

    assertThat(env)
        .containsEntry("ADVISOR_DEPLOYMENTS_LOCAL_PROVIDER", "ollama")
        .containsEntry("ADVISOR_DEPLOYMENTS_LOCAL_MODEL", MODEL)
        .containsEntry("ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE", DEVICE)
        .containsEntry("ADVISOR_DEPLOYMENTS_CLOUD_PROVIDER", "openai")
        .containsEntry("ADVISOR_DEPLOYMENTS_CLOUD_MODEL", "gpt-4o-mini")
        .containsEntry("ADVISOR_DEPLOYMENTS_CLOUD_BASE_URL", "https://api.openai.com/v1")
        .containsEntry("QUARKUS_HTTP_PORT", appPort());
    env.keySet().stream()
        .filter(k -> k.startsWith("ADVISOR_DEPLOYMENTS_"))
        .forEach(k -> assertThat(deploymentSettingRead(k + "=")).as(k).isTrue());
    // every line of the source is kept but the two the plan fills in
    Map<String, String> source =
        envFile(Files.readString(DEPLOY.resolve("systemd/llm-advisor.env")));
    source.remove("ADVISOR_DEPLOYMENTS_LOCAL_MODEL");
    source.remove("ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE");
    assertThat(env).containsAllEntriesOf(source);
    assertThat(files.get("systemd/llm-advisor.service"))
        .isEqualTo(Files.readString(DEPLOY.resolve("systemd/llm-advisor.service")));
    assertThat(files.values()).noneMatch(f -> f.contains(KEY));
  }

  @Test
  void should_tell_how_to_apply_the_plan_that_pulls_the_rendered_model() throws IOException {
    List<String> notes = render("compose").notes();

    // the key is left to a secret store, by the variable the app reads it from
    assertThat(notes)
        .contains("set ADVISOR_DEPLOYMENTS_CLOUD_API_KEY from a secret store for cloud");
    // applying the plan again is what pulls and warms the model the files configure
    String apply = notes.get(notes.size() - 1);
    String prefix = "after the app starts, apply the same plan: POST /api/plan ";
    assertThat(apply).startsWith(prefix);
    JsonNode body = JSON.readTree(apply.substring(prefix.length()));
    RecommendationId id = RecommendationId.parse(body.path("recommendationId").asText());
    assertThat(id.model()).isEqualTo(MODEL);
    assertThat(id.device()).hasValueSatisfying(d -> assertThat(d.hardwareId()).isEqualTo(DEVICE));
  }

  @Test
  void should_keep_the_default_model_and_say_so_when_the_plan_has_no_ollama_deployment()
      throws IOException {
    Plan cloudOnly =
        new Plan(List.of("cloud"), 8_000, false, null, null, List.of(), Map.of(), Instant.EPOCH);
    BundleService.Bundle b = BundleService.render("systemd", cloudOnly, List.of(CLOUD));

    Map<String, String> env = envFile(b.files().get("systemd/llm-advisor.env"));
    Map<String, String> source =
        envFile(Files.readString(DEPLOY.resolve("systemd/llm-advisor.env")));
    assertThat(env.get("ADVISOR_DEPLOYMENTS_LOCAL_MODEL"))
        .isEqualTo(source.get("ADVISOR_DEPLOYMENTS_LOCAL_MODEL"));
    assertThat(b.notes().get(0)).startsWith("the plan has no Ollama deployment");
    assertThat(b.notes().get(b.notes().size() - 1))
        .endsWith("POST /api/plan {\"deploymentIds\": [cloud]}");
  }

  /**
   * Compose's interpolation of {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?error}}
   * from {@code env}, as {@code docker compose config} does it.
   */
  static String interpolate(String text, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null || value.isEmpty()) {
        if ("?".equals(m.group(2))) {
          throw new AssertionError(m.group(1) + " is required: " + m.group(3));
        }
        value = "-".equals(m.group(2)) ? m.group(3) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** {@code KEY=VALUE} lines, as systemd's EnvironmentFile reads them. */
  static Map<String, String> envFile(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        assertThat(eq).as("a KEY=VALUE line: %s", line).isPositive();
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  /** A line {@code ADVISOR_DEPLOYMENTS_<ID>_<KEY>=…} whose key is a setting of a deployment. */
  static boolean deploymentSettingRead(String line) {
    Set<String> keys =
        Arrays.stream(AdvisorConfig.DeploymentConfig.class.getDeclaredMethods())
            .map(
                m ->
                    m.isAnnotationPresent(WithName.class)
                        ? m.getAnnotation(WithName.class).value()
                        : m.getName())
            .map(k -> k.toUpperCase().replace('-', '_'))
            .collect(Collectors.toSet());
    Matcher m = Pattern.compile("ADVISOR_DEPLOYMENTS_[A-Z0-9]+_([A-Z_]+)=.*").matcher(line);
    return m.matches() && keys.contains(m.group(1));
  }

  static String appPort() {
    Properties p = new Properties();
    try (InputStream in = BundleServiceTest.class.getResourceAsStream("/application.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("quarkus.http.port");
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
