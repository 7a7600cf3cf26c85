package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.core.advice.VllmServing;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Backend;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;

/**
 * The deployment files of a plan applied from a vLLM recommendation: vLLM's official image in place
 * of the Ollama servers, started with the arguments the advice sized it with, one server per
 * replica of the shape (a compose service each, a StatefulSet pod each behind a headless Service,
 * or a unit per host for systemd, as the Ollama files do), each reserving its tensor-parallel GPUs,
 * with shared memory for the workers, a readiness check on {@code /health}, a cache volume for the
 * weights and the Hugging Face token from a Secret or the environment, never from the files. The
 * app's settings in the files name the vLLM deployment instead of the Ollama one.
 */
final class VllmBundle {

  private VllmBundle() {}

  /**
   * The image, pinned: v0.11.0 is the release vLLM's own Docker guide builds on, and its {@code
   * vllm serve} (the image's entry point) takes every argument written here.
   */
  static final String IMAGE = "vllm/vllm-openai:v0.11.0";

  static final int PORT = 8000;
  static final String STATEFUL_SET = "kubernetes/vllm-statefulset.yaml";
  static final String SERVICE = "kubernetes/vllm-service.yaml";
  static final String SECRET = "hf-token";

  /** Where the weights are kept in the container: HF_HOME points there, a volume holds it. */
  static final String CACHE = "/hf-cache";

  /**
   * What the files deploy.
   *
   * @param deploymentId the configured vLLM deployment the plan resolved onto, whose settings the
   *     app's files write
   * @param shape replicas (servers) × devices per server
   * @param nvidia whether the device is an NVIDIA GPU, which the official image is built for
   */
  record Target(
      String deploymentId,
      String hardwareId,
      DeploymentShape shape,
      VllmServing.Json serving,
      boolean nvidia) {

    /** The name the gateway calls the model by, and vLLM serves it under. */
    String servedName() {
      return serving.model();
    }

    int gpus() {
      return serving.tensorParallelSize();
    }
  }

  /**
   * The vLLM deployment of the plan that carries the advice's arguments, with its device and shape
   * (the recommendation's, else one server per replica URL); empty for any other plan.
   */
  static Optional<Target> target(
      Plan plan, List<DeploymentSettings> settings, HardwareCatalog hardware) {
    for (DeploymentSettings s : settings) {
      if (s.provider() != ProviderType.VLLM) {
        continue;
      }
      for (Plan.Derived d : plan.derived()) {
        if (d.id().equals(s.id()) && d.vllm() != null) {
          Optional<RecommendationId> rid =
              Optional.ofNullable(plan.recommendationId())
                  .map(RecommendationId::parse)
                  .filter(r -> r.provider() == RecommendationId.Provider.VLLM);
          String hw =
              rid.flatMap(RecommendationId::device)
                  .map(RecommendationId.Device::hardwareId)
                  .or(s::hardware)
                  .orElse("unknown");
          DeploymentShape shape =
              rid.flatMap(RecommendationId::device).isPresent()
                  ? rid.get().shape()
                  : new DeploymentShape(
                      Math.max(1, s.replicaUrls().size()), d.vllm().tensorParallelSize());
          boolean nvidia = hardware.find(hw).map(h -> h.backend() == Backend.CUDA).orElse(true);
          return Optional.of(
              new Target(
                  d.baseDeploymentId() == null ? s.id() : d.baseDeploymentId(),
                  hw,
                  shape,
                  d.vllm(),
                  nvidia));
        }
      }
    }
    return Optional.empty();
  }

  /** The files of {@code format} for a vLLM plan: the Ollama manifests give way to vLLM's. */
  static List<String> paths(List<String> ollamaPaths) {
    List<String> out = new ArrayList<>();
    for (String p : ollamaPaths) {
      switch (p) {
        case FleetFiles.STATEFUL_SET -> out.add(STATEFUL_SET);
        case "kubernetes/ollama-service.yaml" -> out.add(SERVICE);
        default -> out.add(p);
      }
    }
    return out;
  }

  /** {@code path} for the target: generated for vLLM's manifests, else its template edited. */
  static String file(String path, UnaryOperator<String> template, Target t) {
    return switch (path) {
      case STATEFUL_SET -> VllmManifests.statefulSet(t);
      case SERVICE -> VllmManifests.service();
      case "compose.yaml" -> compose(template.apply(path), t);
      case FleetFiles.KUSTOMIZATION ->
          appSettings(template.apply(path), "=", t, kubernetesUrls(t.shape().replicas()))
              .replace("  - ollama-statefulset.yaml", "  - vllm-statefulset.yaml")
              .replace("  - ollama-service.yaml", "  - vllm-service.yaml")
              .replaceFirst(
                  "(?m)^(#     --from-literal=postgres-password=.*)$",
                  "$1\n# and, for a gated model, the Hugging Face token vLLM downloads it with:\n"
                      + "#   kubectl create secret generic "
                      + SECRET
                      + " --from-literal=token=<hf_...>");
      case FleetFiles.ENV_FILE -> appSettings(template.apply(path), "=", t, systemdUrls(t));
      default -> template.apply(path);
    };
  }

  /** vLLM's server arguments, in the order {@code vllm serve --help} lists them. */
  static List<String> args(Target t) {
    VllmServing.Json s = t.serving();
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--model", s.model(), "--served-model-name", t.servedName()));
    a.addAll(List.of("--dtype", s.dtype()));
    if (s.quantization() != null) {
      a.addAll(List.of("--quantization", s.quantization()));
    }
    a.addAll(List.of("--tensor-parallel-size", Integer.toString(s.tensorParallelSize())));
    a.addAll(List.of("--max-model-len", Integer.toString(s.maxModelLen())));
    a.addAll(List.of("--max-num-seqs", Integer.toString(s.maxNumSeqs())));
    a.addAll(List.of("--gpu-memory-utilization", Double.toString(s.gpuMemoryUtilization())));
    a.addAll(List.of("--port", Integer.toString(PORT)));
    return a;
  }

  static String kubernetesUrls(int replicas) {
    return IntStream.range(0, replicas)
        .mapToObj(i -> "http://vllm-" + i + ".vllm:" + PORT)
        .collect(Collectors.joining(","));
  }

  static String hostUrls(int replicas) {
    return IntStream.rangeClosed(1, replicas)
        .mapToObj(i -> "http://vllm-" + i + ":" + PORT)
        .collect(Collectors.joining(","));
  }

  private static String systemdUrls(Target t) {
    return t.shape().replicas() == 1 ? "http://127.0.0.1:" + PORT : hostUrls(t.shape().replicas());
  }

  /** The app's local deployment settings in a file, rewritten as the vLLM deployment's. */
  private static String appSettings(String text, String sep, Target t, String urls) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("provider", ProviderType.VLLM.key());
    values.put("base-url", urls);
    values.put("model", t.servedName());
    values.put("hardware", t.hardwareId());
    for (Map.Entry<String, String> e : values.entrySet()) {
      text =
          text.replaceAll(
              "(?m)^(\\s*-?\\s*)" + Pattern.quote(env("local", e.getKey()) + sep) + ".*$",
              "$1"
                  + Matcher.quoteReplacement(
                      env(t.deploymentId(), e.getKey()) + sep + e.getValue()));
    }
    return text;
  }

  private static String compose(String text, Target t) {
    int n = t.shape().replicas();
    text =
        text.replaceFirst(
                "(?m)^# LLM Deployment Advisor with a local Ollama \\(GPU\\).*$",
                "# LLM Deployment Advisor with vLLM ("
                    + n
                    + (n == 1 ? " server" : " servers")
                    + " of "
                    + t.gpus()
                    + " GPU(s)) and PostgreSQL for the ledger.")
            .replaceFirst(
                "(?m)^# Run \\(from this folder\\):.*$",
                "# Run (from this folder):  HF_TOKEN=<token, for a gated model>"
                    + " ADVISOR_API_KEYS=<key> docker compose up -d");
    StringBuilder services = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      services.append(composeService(i, t));
    }
    String out =
        ComposeReplicas.replace(
            text, services.toString(), numbered("vllm-", n), numbered("hf-cache-", n));
    return appSettings(out, ": ", t, hostUrls(n));
  }

  /** prefix1 … prefixN. */
  static List<String> numbered(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
  }

  private static String composeService(int i, Target t) {
    StringBuilder sb =
        new StringBuilder()
            .append("  vllm-")
            .append(i)
            .append(":\n")
            .append("    image: ")
            .append(IMAGE)
            .append("\n")
            .append("    # vllm serve's arguments as the advice sized the server\n")
            .append("    command:\n");
    args(t).forEach(a -> sb.append("      - \"").append(a).append("\"\n"));
    return sb.append("    environment:\n")
        .append("      # from the shell or an .env file beside this one; needed for gated models\n")
        .append("      HF_TOKEN: ${HF_TOKEN:-}\n")
        .append("      HF_HOME: ")
        .append(CACHE)
        .append("\n")
        .append(
            "    # the tensor-parallel workers share tensors through the host's shared memory\n")
        .append("    ipc: host\n")
        .append("    volumes:\n")
        .append("      - hf-cache-")
        .append(i)
        .append(":")
        .append(CACHE)
        .append("\n")
        .append("    healthcheck:\n")
        .append("      test: [\"CMD\", \"python3\", \"-c\", \"import urllib.request;")
        .append(" urllib.request.urlopen('http://127.0.0.1:")
        .append(PORT)
        .append("/health')\"]\n")
        .append("      interval: 15s\n")
        .append("      timeout: 5s\n")
        .append("      retries: 3\n")
        .append("      # the first start downloads the weights\n")
        .append("      start_period: 30m\n")
        .append("    deploy:\n")
        .append("      resources:\n")
        .append("        reservations:\n")
        .append("          devices:\n")
        .append("            - driver: nvidia\n")
        .append("              count: ")
        .append(t.gpus())
        .append("\n")
        .append("              capabilities: [gpu]\n")
        .append("    restart: unless-stopped\n\n")
        .toString();
  }

  /**
   * systemd: a unit per vLLM server that runs the same image with the same arguments under Docker
   * (vLLM's supported way to run it; its pip install ties it to a CUDA and PyTorch build).
   */
  static Map<String, String> hostFiles(String format, Target t) {
    Map<String, String> files = new LinkedHashMap<>();
    if (!format.equals("systemd")) {
      return files;
    }
    int n = t.shape().replicas();
    if (n == 1) {
      files.put("systemd/vllm.service", unit("this host", t));
    } else {
      for (int i = 1; i <= n; i++) {
        files.put("systemd/hosts/vllm-" + i + "/vllm.service", unit("vllm-" + i, t));
      }
    }
    return files;
  }

  private static String unit(String host, Target t) {
    return "# vLLM serving "
        + t.servedName()
        + " on "
        + host
        + " for the LLM Deployment Advisor, in Docker with the NVIDIA Container Toolkit.\n"
        + "# Install: copy to /etc/systemd/system/; for a gated model put HF_TOKEN=<token> in\n"
        + "#   /etc/llm-advisor/vllm.env (chmod 600); then systemctl daemon-reload &&"
        + " systemctl enable --now vllm\n"
        + "[Unit]\n"
        + "Description=vLLM serving "
        + t.servedName()
        + "\n"
        + "Requires=docker.service\n"
        + "After=docker.service network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n"
        + "[Service]\n"
        + "EnvironmentFile=-/etc/llm-advisor/vllm.env\n"
        + "ExecStartPre=-/usr/bin/docker rm -f vllm\n"
        + "ExecStart=/usr/bin/docker run --name vllm --gpus "
        + t.gpus()
        + " --ipc=host -p "
        + PORT
        + ":"
        + PORT
        + " -e HF_TOKEN -e HF_HOME="
        + CACHE
        + " -v /var/cache/huggingface:"
        + CACHE
        + " "
        + IMAGE
        + " "
        + String.join(" ", args(t))
        + "\n"
        + "ExecStop=/usr/bin/docker stop vllm\n"
        + "Restart=on-failure\n"
        + "RestartSec=10\n"
        + "# the first start downloads the weights\n"
        + "TimeoutStartSec=0\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  /** What the user must still do, in the format's terms. */
  static List<String> notes(String format, Target t) {
    List<String> notes = new ArrayList<>();
    int n = t.shape().replicas();
    if (!t.nvidia()) {
      notes.add(
          IMAGE
              + " is built for NVIDIA GPUs; for "
              + t.hardwareId()
              + " use the vLLM image of its vendor with the same arguments");
    }
    switch (format) {
      case "kubernetes" ->
          notes.add(
              "for a gated model create the Secret "
                  + SECRET
                  + " (key token) with your Hugging Face token before applying; vLLM downloads "
                  + t.servedName()
                  + " when each pod starts, so pods turn ready only after that");
      case "compose" -> {
        notes.add(
            "for a gated model set HF_TOKEN in the environment or in an .env file beside"
                + " compose.yaml; it is never written into the files");
        if (n > 1) {
          notes.add(
              "compose runs the "
                  + n
                  + " vLLM servers on one Docker host, which needs "
                  + (n * t.gpus())
                  + " GPUs; for one server per replica use the kubernetes or systemd bundle");
        }
      }
      case "systemd" ->
          notes.add(
              n == 1
                  ? "install systemd/vllm.service on the app's host (Docker and the NVIDIA"
                      + " Container Toolkit needed)"
                  : "replace vllm-1 … vllm-"
                      + n
                      + " in "
                      + env(t.deploymentId(), "base-url")
                      + " with the names or addresses of the "
                      + n
                      + " vLLM hosts, each with "
                      + t.gpus()
                      + " GPU(s); on each host install Docker, the NVIDIA Container Toolkit and"
                      + " systemd/hosts/<host>/vllm.service");
      default -> {}
    }
    return notes;
  }
}
