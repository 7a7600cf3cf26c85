package org.llmadvisor.app.plan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/**
 * Renders the deployment files in {@code deploy/} (packaged into the app as they are) for the
 * applied plan: the Ollama tag and hardware of its local deployment, and the cloud deployments it
 * falls back to, with their keys left to Secrets or the environment.
 */
@ApplicationScoped
public class BundleService {

  static final Map<String, List<String>> FILES =
      Map.of(
          "compose", List.of("compose.yaml"),
          "kubernetes",
              List.of(
                  "kubernetes/kustomization.yaml",
                  "kubernetes/app-deployment.yaml",
                  "kubernetes/app-service.yaml",
                  "kubernetes/app-hpa.yaml",
                  "kubernetes/ollama-statefulset.yaml",
                  "kubernetes/ollama-service.yaml",
                  "kubernetes/postgres-external.yaml"),
          "systemd", List.of("systemd/llm-advisor.service", "systemd/llm-advisor.env"));

  @Inject PlanService plans;
  @Inject DeploymentRegistry registry;

  /** Rendered files by path, and notes on what the user must still provide. */
  public record Bundle(String format, Map<String, String> files, List<String> notes) {}

  public Bundle render(String format) {
    String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
    if (!FILES.containsKey(f)) {
      throw PlanException.badField(
          "format", "must be compose|kubernetes|systemd, was '" + format + "'");
    }
    Plan plan =
        plans
            .active()
            .orElseThrow(
                () -> new PlanException(409, "plan", "apply a plan first: POST /api/plan"));
    Optional<DeploymentSettings> local =
        plan.deploymentIds().stream()
            .map(registry::settings)
            .flatMap(Optional::stream)
            .filter(s -> s.provider() == ProviderType.OLLAMA)
            .findFirst();
    List<DeploymentSettings> cloud =
        plan.deploymentIds().stream()
            .map(registry::settings)
            .flatMap(Optional::stream)
            .filter(s -> s.provider() != ProviderType.OLLAMA)
            .toList();
    List<String> notes = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    for (String path : FILES.get(f)) {
      String text = read(path);
      if (local.isPresent()) {
        String model = local.get().model();
        String hw = local.get().hardware().orElse("rtx-4090");
        text =
            text.replaceAll("\\$\\{OLLAMA_MODEL:-[^}]*}", "\\${OLLAMA_MODEL:-" + model + "}")
                .replaceAll("\\$\\{ADVISOR_HARDWARE:-[^}]*}", "\\${ADVISOR_HARDWARE:-" + hw + "}")
                .replaceAll(
                    "ADVISOR_DEPLOYMENTS_LOCAL_MODEL=.*",
                    "ADVISOR_DEPLOYMENTS_LOCAL_MODEL=" + model)
                .replaceAll(
                    "ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE=.*",
                    "ADVISOR_DEPLOYMENTS_LOCAL_HARDWARE=" + hw);
      }
      out.put(path, text + cloudSettings(path, cloud));
    }
    if (local.isEmpty()) {
      notes.add(
          "the plan has no Ollama deployment: the files keep their default local model; remove the ollama service if you do not need it");
    }
    for (DeploymentSettings s : cloud) {
      notes.add(
          "set ADVISOR_DEPLOYMENTS_"
              + envId(s.id())
              + "_API_KEY from a secret store for "
              + s.id());
    }
    notes.add(
        "after the app starts, apply the same plan: POST /api/plan "
            + (plan.recommendationId() != null
                ? "{\"recommendationId\": \"" + plan.recommendationId() + "\"}"
                : "{\"deploymentIds\": " + plan.deploymentIds() + "}"));
    return new Bundle(f, out, notes);
  }

  /** Cloud fallbacks as extra settings in each format's idiom (keys never included). */
  private static String cloudSettings(String path, List<DeploymentSettings> cloud) {
    if (cloud.isEmpty() || !(path.endsWith(".env") || path.endsWith("kustomization.yaml"))) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        path.endsWith(".env")
            ? "# cloud fallbacks of the plan\n"
            : "# cloud fallbacks of the plan: add these literals to the ConfigMap above\n");
    for (DeploymentSettings s : cloud) {
      String id = envId(s.id());
      String prefix = path.endsWith(".env") ? "" : "#   - ";
      sb.append(prefix)
          .append("ADVISOR_DEPLOYMENTS_")
          .append(id)
          .append("_PROVIDER=")
          .append(s.provider().key())
          .append('\n');
      sb.append(prefix)
          .append("ADVISOR_DEPLOYMENTS_")
          .append(id)
          .append("_MODEL=")
          .append(s.model())
          .append('\n');
      if (s.baseUrl() != null) {
        sb.append(prefix)
            .append("ADVISOR_DEPLOYMENTS_")
            .append(id)
            .append("_BASE_URL=")
            .append(s.baseUrl())
            .append('\n');
      }
    }
    return sb.toString();
  }

  static String envId(String id) {
    return id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String read(String path) {
    try (InputStream in = BundleService.class.getResourceAsStream("/deploy/" + path)) {
      if (in == null) {
        throw new IllegalStateException("deployment template deploy/" + path + " is not packaged");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
