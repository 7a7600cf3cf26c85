package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;

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
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.service.Catalogs;

/**
 * Renders the deployment files in {@code deploy/} (packaged into the app as they are) for the
 * applied plan: the Ollama tag and hardware of its local deployment, its fleet shape ({@code
 * replicas} servers of {@code devicesPerServer} devices: one Ollama service per replica in compose,
 * a StatefulSet of that many pods in Kubernetes, units per host for systemd, each server reserving
 * its devices of the right vendor, or none for a CPU), and the cloud deployments it falls back to,
 * with their keys left to Secrets or the environment. A plan applied from a vLLM recommendation
 * runs vLLM in place of Ollama ({@link VllmBundle}).
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
  @Inject Catalogs catalogs;

  /** Which devices a server of the fleet reserves, by how containers ask for them. */
  enum Devices {
    /** {@code nvidia.com/gpu}, compose driver {@code nvidia}. */
    NVIDIA,
    /** {@code amd.com/gpu}; compose has no device driver for it. */
    AMD,
    /** A CPU, or an Apple chip, which a container cannot use: no device reserved. */
    NONE
  }

  /**
   * What the files deploy: {@code shape} servers of the device {@code hardwareId}.
   *
   * @param apple the device is an Apple chip: Ollama must run natively on each Mac
   * @param serving the parallel slots and context per slot the advice sized each server for; empty
   *     when the plan was not applied from an advice's local recommendation
   */
  record Target(
      String hardwareId,
      DeploymentShape shape,
      Devices devices,
      boolean apple,
      Optional<Serving> serving) {}

  /** Ollama's {@code OLLAMA_NUM_PARALLEL} and {@code OLLAMA_CONTEXT_LENGTH} for each server. */
  record Serving(int parallelSlots, long contextPerSlot) {

    /** From the figures a plan keeps for its local deployment, when the advice gave them. */
    static Optional<Serving> of(Map<String, Double> figures) {
      Double slots = figures == null ? null : figures.get(PredictedFigures.PARALLEL_SLOTS);
      Double ctx = figures == null ? null : figures.get(PredictedFigures.CONTEXT_PER_SLOT);
      return slots == null || ctx == null
          ? Optional.empty()
          : Optional.of(new Serving(slots.intValue(), ctx.longValue()));
    }
  }

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
    List<DeploymentSettings> settings =
        plan.deploymentIds().stream().map(registry::settings).flatMap(Optional::stream).toList();
    return render(f, plan, settings, catalogs.hardware());
  }

  /** As {@link #render(String, Plan, List, HardwareCatalog)} with the bundled hardware catalog. */
  static Bundle render(String format, Plan plan, List<DeploymentSettings> settings) {
    return render(format, plan, settings, HardwareCatalog.bundled());
  }

  /**
   * The files of {@code format} for {@code plan}: a pure function of the plan, the settings of its
   * deployments (in plan order) and the hardware catalog, so it can be checked without a running
   * app.
   */
  static Bundle render(
      String format, Plan plan, List<DeploymentSettings> settings, HardwareCatalog hardware) {
    Optional<VllmBundle.Target> vllm = VllmBundle.target(plan, settings, hardware);
    Optional<DeploymentSettings> local =
        vllm.isPresent()
            ? Optional.empty()
            : settings.stream().filter(s -> s.provider() == ProviderType.OLLAMA).findFirst();
    List<DeploymentSettings> cloud =
        settings.stream().filter(s -> s.provider().kind() == DeploymentKind.CLOUD).toList();
    List<String> notes = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    Optional<Target> target = local.map(l -> target(plan, l, hardware));
    List<String> paths = vllm.isPresent() ? VllmBundle.paths(FILES.get(format)) : FILES.get(format);
    for (String path : paths) {
      String text =
          vllm.isPresent() ? VllmBundle.file(path, BundleService::read, vllm.get()) : read(path);
      if (local.isPresent()) {
        String model = local.get().model();
        String hw = target.get().hardwareId();
        text =
            text.replaceAll("\\$\\{OLLAMA_MODEL:-[^}]*}", "\\${OLLAMA_MODEL:-" + model + "}")
                .replaceAll("\\$\\{ADVISOR_HARDWARE:-[^}]*}", "\\${ADVISOR_HARDWARE:-" + hw + "}")
                .replaceAll(env("local", "model") + "=.*", env("local", "model") + "=" + model)
                .replaceAll(env("local", "hardware") + "=.*", env("local", "hardware") + "=" + hw);
        text = FleetFiles.shape(path, text, target.get());
      }
      out.put(path, text + cloudSettings(path, cloud));
    }
    if (local.isPresent()) {
      out.putAll(FleetFiles.hostFiles(format, local.get().model(), target.get()));
      notes.addAll(FleetFiles.notes(format, target.get()));
    }
    vllm.ifPresent(
        v -> {
          out.putAll(VllmBundle.hostFiles(format, v));
          notes.addAll(VllmBundle.notes(format, v));
        });
    if (local.isEmpty() && vllm.isEmpty()) {
      notes.add(
          "the plan has no Ollama deployment: the files keep their default local model; remove the ollama service if you do not need it");
    }
    for (DeploymentSettings s : cloud) {
      notes.add("set " + env(s.id(), "api-key") + " from a secret store for " + s.id());
    }
    notes.add(
        "after the app starts, apply the same plan: POST /api/plan "
            + (plan.recommendationId() != null
                ? "{\"recommendationId\": \"" + plan.recommendationId() + "\"}"
                : "{\"deploymentIds\": " + plan.deploymentIds() + "}"));
    return new Bundle(format, out, notes);
  }

  /**
   * The device and shape to deploy: the recommendation's when the plan was applied from one, else
   * the local deployment's hardware with one server per replica URL it lists.
   */
  static Target target(Plan plan, DeploymentSettings local, HardwareCatalog hardware) {
    Optional<RecommendationId> rid =
        Optional.ofNullable(plan.recommendationId())
            .map(RecommendationId::parse)
            .filter(r -> r.provider() == RecommendationId.Provider.OLLAMA);
    String hw =
        rid.flatMap(RecommendationId::device)
            .map(RecommendationId.Device::hardwareId)
            .or(local::hardware)
            .orElse("rtx-4090");
    DeploymentShape shape =
        rid.flatMap(RecommendationId::device).isPresent()
            ? rid.get().shape()
            : new DeploymentShape(Math.max(1, local.replicaUrls().size()), 1);
    Optional<Hardware> h = hardware.find(hw);
    Devices devices =
        h.map(
                x ->
                    switch (x.backend()) {
                      case CUDA -> Devices.NVIDIA;
                      case ROCM -> Devices.AMD;
                      case METAL, CPU -> Devices.NONE;
                    })
            // a device the catalog does not know is taken for what most users run: an NVIDIA GPU
            .orElse(Devices.NVIDIA);
    return new Target(
        hw,
        shape,
        devices,
        h.map(x -> x.kind() == Hardware.Kind.APPLE).orElse(false),
        Serving.of(plan.predicted().get(local.id())));
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
    String prefix = path.endsWith(".env") ? "" : "#   - ";
    for (DeploymentSettings s : cloud) {
      sb.append(prefix)
          .append(env(s.id(), "provider"))
          .append('=')
          .append(s.provider().key())
          .append('\n');
      sb.append(prefix).append(env(s.id(), "model")).append('=').append(s.model()).append('\n');
      if (s.baseUrl() != null) {
        sb.append(prefix)
            .append(env(s.id(), "base-url"))
            .append('=')
            .append(s.baseUrl())
            .append('\n');
      }
    }
    return sb.toString();
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
