package org.llmadvisor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parses every deployment file and checks it against the app: environment variables are ones the
 * app reads, ports and health paths match its configuration, Kubernetes objects are valid for their
 * kind, and compose has the structure the compose specification defines.
 */
class DeployFilesTest {

  static final Path DEPLOY = Path.of(".").toAbsolutePath().normalize();
  static final Path APP = DEPLOY.resolveSibling("app");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  // strict: a misspelt field in a manifest fails here rather than being ignored by the cluster
  static final ObjectMapper K8S =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  static String read(String path) throws IOException {
    return Files.readString(DEPLOY.resolve(path));
  }

  static Properties appProperties() throws IOException {
    Properties p = new Properties();
    try (var in = Files.newInputStream(APP.resolve("src/main/resources/application.properties"))) {
      p.load(in);
    }
    return p;
  }

  /**
   * Environment variables the app reads: its config mapping's keys and the Quarkus keys it uses.
   */
  static boolean appReads(String env) throws IOException {
    String config =
        Files.readString(APP.resolve("src/main/java/org/llmadvisor/app/config/AdvisorConfig.java"));
    Matcher dep =
        Pattern.compile(
                "ADVISOR_DEPLOYMENTS_[A-Z0-9]+_(PROVIDER|BASE_URL|MODEL|API_KEY|API_VERSION|HARDWARE|TIMEOUT)")
            .matcher(env);
    if (dep.matches()) {
      String key = dep.group(1).toLowerCase().replace('_', '-');
      // each deployment key must be a property of DeploymentConfig
      return config.contains("\"" + key + "\"") || config.contains(" " + key + "()");
    }
    if (env.startsWith("ADVISOR_")) {
      String key = env.substring("ADVISOR_".length()).toLowerCase().replace('_', '-');
      return config.contains("\"" + key + "\"")
          || config.contains(" " + key.replace("-", "") + "()");
    }
    if (env.startsWith("QUARKUS_")) {
      String prop = env.toLowerCase().replace('_', '.');
      Properties p = appProperties();
      Set<String> known = new LinkedHashSet<>(p.stringPropertyNames());
      known.add("quarkus.datasource.pg.jdbc.url");
      known.add("quarkus.datasource.pg.username");
      known.add("quarkus.datasource.pg.password");
      return known.stream().anyMatch(k -> k.replace('-', '.').equals(prop));
    }
    return env.equals("JAVA_OPTS") || env.startsWith("OLLAMA_");
  }

  @Test
  void compose_should_have_the_structure_of_the_compose_specification() throws IOException {
    JsonNode c = YAML.readTree(read("compose.yaml"));
    assertThat(c.path("services").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("app", "ollama", "postgres");
    c.path("services").forEach(s -> assertThat(s.path("image").asText()).isNotBlank());
    JsonNode app = c.path("services").path("app");
    String port = appProperties().getProperty("quarkus.http.port");
    assertThat(app.path("ports").get(0).asText()).endsWith(":" + port);
    JsonNode gpu =
        c.path("services")
            .path("ollama")
            .path("deploy")
            .path("resources")
            .path("reservations")
            .path("devices")
            .get(0);
    assertThat(gpu.path("capabilities").toString()).contains("gpu");
    assertThat(gpu.path("driver").asText()).isEqualTo("nvidia");
    assertThat(c.path("services").path("ollama").path("volumes").get(0).asText())
        .startsWith("ollama-models:");
    assertThat(c.path("volumes").has("ollama-models")).isTrue();
    assertThat(app.path("healthcheck").toString()).contains("/q/health/ready");
    for (var it = app.path("environment").fieldNames(); it.hasNext(); ) {
      String env = it.next();
      assertThat(appReads(env)).as("compose sets %s, which the app does not read", env).isTrue();
    }
    assertThat(app.path("environment").path("ADVISOR_DEPLOYMENTS_LOCAL_BASE_URL").asText())
        .isEqualTo("http://ollama:11434");
  }

  @Test
  void kubernetes_objects_should_be_valid_for_their_kind_and_match_the_app() throws IOException {
    JsonNode k = YAML.readTree(read("kubernetes/kustomization.yaml"));
    List<String> resources = new ArrayList<>();
    k.path("resources").forEach(r -> resources.add(r.asText()));
    for (String r : resources) {
      assertThat(DEPLOY.resolve("kubernetes").resolve(r)).exists();
    }
    for (JsonNode lit : k.path("configMapGenerator").get(0).path("literals")) {
      String env = lit.asText().substring(0, lit.asText().indexOf('='));
      assertThat(appReads(env)).as("ConfigMap sets %s, which the app does not read", env).isTrue();
    }

    Deployment d = K8S.readValue(read("kubernetes/app-deployment.yaml"), Deployment.class);
    Container app = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    int port = Integer.parseInt(appProperties().getProperty("quarkus.http.port"));
    assertThat(app.getPorts().get(0).getContainerPort()).isEqualTo(port);
    assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    for (EnvVar e : app.getEnv()) {
      assertThat(appReads(e.getName()))
          .as("Deployment sets %s, which the app does not read", e.getName())
          .isTrue();
      if (e.getName().contains("KEY") || e.getName().contains("PASSWORD")) {
        assertThat(e.getValueFrom().getSecretKeyRef())
            .as("%s must come from a Secret", e.getName())
            .isNotNull();
      }
    }

    Service svc = K8S.readValue(read("kubernetes/app-service.yaml"), Service.class);
    assertThat(svc.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());

    HorizontalPodAutoscaler hpa =
        K8S.readValue(read("kubernetes/app-hpa.yaml"), HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);

    StatefulSet ollama =
        K8S.readValue(read("kubernetes/ollama-statefulset.yaml"), StatefulSet.class);
    Container o = ollama.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(o.getResources().getLimits()).containsKey("nvidia.com/gpu");
    assertThat(ollama.getSpec().getVolumeClaimTemplates()).isNotEmpty();
    // the claim is mounted where Ollama is told to keep its models
    assertThat(o.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("OLLAMA_MODELS");
              assertThat(e.getValue()).isEqualTo(o.getVolumeMounts().get(0).getMountPath());
            });
    // each replica pulls the model the app is configured with, from the generated ConfigMap
    Container pull = ollama.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    var modelRef =
        pull.getEnv().stream().filter(e -> e.getName().equals("OLLAMA_MODEL")).findFirst();
    assertThat(modelRef).isPresent();
    var ref = modelRef.get().getValueFrom().getConfigMapKeyRef();
    assertThat(ref.getName()).isEqualTo(k.at("/configMapGenerator/0/name").asText());
    assertThat(k.at("/configMapGenerator/0/literals").toString()).contains(ref.getKey() + "=");
    assertThat(pull.getVolumeMounts().get(0).getMountPath())
        .isEqualTo(o.getVolumeMounts().get(0).getMountPath());
    Service ollamaSvc = K8S.readValue(read("kubernetes/ollama-service.yaml"), Service.class);
    assertThat(ollamaSvc.getSpec().getPorts().get(0).getPort()).isEqualTo(11434);
    // headless, so that each replica has a name of its own
    assertThat(ollamaSvc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(ollama.getSpec().getServiceName()).isEqualTo(ollamaSvc.getMetadata().getName());
    assertThat(k.path("configMapGenerator").toString())
        .contains("http://" + ollamaSvc.getMetadata().getName() + ":11434");
    Service pg = K8S.readValue(read("kubernetes/postgres-external.yaml"), Service.class);
    assertThat(pg.getSpec().getType()).isEqualTo("ExternalName");
  }

  @Test
  void systemd_unit_and_environment_should_match_the_app() throws IOException {
    String unit = read("systemd/llm-advisor.service");
    assertThat(unit)
        .contains("[Service]")
        .contains("EnvironmentFile=/etc/llm-advisor/llm-advisor.env")
        .contains("ExecStart=")
        .contains("User=llm-advisor");
    for (String line : read("systemd/llm-advisor.env").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String env = line.substring(0, line.indexOf('='));
      assertThat(appReads(env)).as("env file sets %s, which the app does not read", env).isTrue();
    }
  }

  @Test
  void dockerfiles_should_say_how_to_use_them_and_run_as_non_root() throws IOException {
    String port = appProperties().getProperty("quarkus.http.port");
    for (String f : List.of("Dockerfile.jvm", "Dockerfile.native")) {
      String d = read(f);
      assertThat(d).startsWith("#");
      assertThat(d.lines().limit(6).toList().toString()).contains("Build").contains("Run");
      assertThat(d).contains("USER 1001").contains("EXPOSE " + port).contains("AS build");
      assertThat(d).contains("QUARKUS_HTTP_HOST=0.0.0.0");
    }
    assertThat(read("Dockerfile.native")).contains("mandrel").contains("-Pnative");
  }

  /**
   * A stop lets calls in flight finish for quarkus.shutdown.timeout; every way of running the app
   * must wait longer than that before killing it, or the calls are lost after all.
   */
  @Test
  void every_stop_should_wait_longer_than_the_app_lets_calls_in_flight_finish() throws IOException {
    String timeout = appProperties().getProperty("quarkus.shutdown.timeout");
    assertThat(timeout).as("the app's shutdown timeout").matches("\\d+s");
    int grace = Integer.parseInt(timeout.replace("s", ""));

    JsonNode k8s = YAML.readTree(read("kubernetes/app-deployment.yaml"));
    assertThat(
            k8s.path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asInt())
        .isGreaterThan(grace);
    String compose =
        YAML.readTree(read("compose.yaml"))
            .path("services")
            .path("app")
            .path("stop_grace_period")
            .asText();
    assertThat(Integer.parseInt(compose.replace("s", ""))).isGreaterThan(grace);
    Matcher systemd =
        Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(read("systemd/llm-advisor.service"));
    assertThat(systemd.find()).as("TimeoutStopSec in the systemd unit").isTrue();
    assertThat(Integer.parseInt(systemd.group(1))).isGreaterThan(grace);
  }
}
