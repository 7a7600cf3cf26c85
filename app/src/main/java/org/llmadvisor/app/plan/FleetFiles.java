package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fleet shape written into the deployment files: the edits {@link BundleService} makes to each
 * {@code deploy/} file for {@code replicas} servers of {@code devicesPerServer} devices, and the
 * files it adds per host. A 1×1 plan on an NVIDIA GPU leaves every file as it is in {@code
 * deploy/}, so what the deploy module's tests check of the sources holds for the rendered files.
 */
final class FleetFiles {

  private FleetFiles() {}

  static final String COMPOSE = "compose.yaml";
  static final String STATEFUL_SET = "kubernetes/ollama-statefulset.yaml";
  static final String KUSTOMIZATION = "kubernetes/kustomization.yaml";
  static final String ENV_FILE = "systemd/llm-advisor.env";

  /** {@code path}'s text with the target's shape, devices and serving setup written in. */
  static String shape(String path, String text, BundleService.Target t) {
    return switch (path) {
      case COMPOSE -> compose(serving(text, "      OLLAMA_KEEP_ALIVE: 30m\n", t), t);
      case STATEFUL_SET -> statefulSet(serving(text, KEEP_ALIVE_ENV, t), t);
      case KUSTOMIZATION ->
          baseUrl(
              text, "=", t.shape().replicas() > 1 ? kubernetesUrls(t.shape().replicas()) : null);
      case ENV_FILE ->
          baseUrl(text, "=", t.shape().replicas() > 1 ? hostUrls(t.shape().replicas()) : null);
      default -> text;
    };
  }

  private static final String KEEP_ALIVE_ENV =
      "            - name: OLLAMA_KEEP_ALIVE\n              value: 30m\n";

  /**
   * Ollama's parallel slots and context length, after its keep-alive setting in the format's idiom,
   * so every server holds the KV caches the advice sized it for.
   */
  private static String serving(String text, String after, BundleService.Target t) {
    if (t.serving().isEmpty() || !text.contains(after)) {
      return text;
    }
    BundleService.Serving s = t.serving().get();
    String lines =
        after.startsWith("      OLLAMA")
            ? "      OLLAMA_NUM_PARALLEL: \""
                + s.parallelSlots()
                + "\"\n      OLLAMA_CONTEXT_LENGTH: \""
                + s.contextPerSlot()
                + "\"\n"
            : "            - name: OLLAMA_NUM_PARALLEL\n              value: \""
                + s.parallelSlots()
                + "\"\n            - name: OLLAMA_CONTEXT_LENGTH\n              value: \""
                + s.contextPerSlot()
                + "\"\n";
    return text.replace(after, after + lines);
  }

  /** Ollama's replicas as the StatefulSet's pods are named behind its headless Service. */
  static String kubernetesUrls(int replicas) {
    return IntStream.range(0, replicas)
        .mapToObj(i -> "http://ollama-" + i + ".ollama:11434")
        .collect(Collectors.joining(","));
  }

  /** Ollama's replicas as compose services, or as hosts the user renames. */
  static String hostUrls(int replicas) {
    return IntStream.rangeClosed(1, replicas)
        .mapToObj(i -> "http://ollama-" + i + ":11434")
        .collect(Collectors.joining(","));
  }

  private static String baseUrl(String text, String separator, String urls) {
    if (urls == null) {
      return text;
    }
    String key = env("local", "base-url") + separator;
    return text.replaceAll(
        "(?m)^(\\s*-?\\s*)" + Pattern.quote(key) + ".*$",
        "$1" + Matcher.quoteReplacement(key + urls));
  }

  private static String compose(String text, BundleService.Target t) {
    int n = t.shape().replicas();
    String service = devices(ComposeReplicas.ollamaService(text), t);
    if (n == 1) {
      return ComposeReplicas.replace(text, service, List.of("ollama"), List.of("ollama-models"));
    }
    StringBuilder services = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      services.append(
          service
              .replaceFirst("(?m)^  ollama:$", "  ollama-" + i + ":")
              .replace("- ollama-models:/models", "- ollama-models-" + i + ":/models"));
    }
    String out =
        ComposeReplicas.replace(
            text,
            services.toString(),
            VllmBundle.numbered("ollama-", n),
            VllmBundle.numbered("ollama-models-", n));
    return baseUrl(out, ": ", hostUrls(n));
  }

  /** The compose service's device reservation: NVIDIA counted, AMD by device files, else none. */
  private static String devices(String service, BundleService.Target t) {
    int k = t.shape().devicesPerServer();
    return switch (t.devices()) {
      case NVIDIA -> service.replaceAll("\\$\\{GPU_COUNT:-[0-9]+}", "\\${GPU_COUNT:-" + k + "}");
      case AMD ->
          withoutDeploy(service)
              .replace("image: ollama/ollama:latest", "image: ollama/ollama:rocm")
              .replace(
                  "    restart:", "    devices:\n      - /dev/kfd\n      - /dev/dri\n    restart:");
      case NONE -> withoutDeploy(service);
    };
  }

  private static String withoutDeploy(String service) {
    return service.replaceAll("(?m)^    deploy:\\n(^      .*\\n|^\\s*\\n)*", "");
  }

  private static String statefulSet(String text, BundleService.Target t) {
    String gpus = "\"" + t.shape().devicesPerServer() + "\"";
    String out = text.replaceFirst("(?m)^  replicas: 1$", "  replicas: " + t.shape().replicas());
    return switch (t.devices()) {
      case NVIDIA -> out.replace("nvidia.com/gpu: \"1\"", "nvidia.com/gpu: " + gpus);
      case AMD ->
          out.replace("nvidia.com/gpu: \"1\"", "amd.com/gpu: " + gpus)
              .replace("image: ollama/ollama:latest", "image: ollama/ollama:rocm");
      case NONE ->
          out.replaceAll(
              "(?m)^          resources:\\n            limits:\\n              nvidia.com/gpu: \"1\"\\n",
              "");
    };
  }

  /**
   * Files for each Ollama host of a fleet run with systemd: a drop-in that opens Ollama's own unit
   * to the app and names the host's devices, and a unit that pulls the model at boot.
   */
  static Map<String, String> hostFiles(String format, String model, BundleService.Target t) {
    Map<String, String> files = new LinkedHashMap<>();
    int n = t.shape().replicas();
    if (!format.equals("systemd") || n < 2 || t.apple()) {
      return files;
    }
    for (int i = 1; i <= n; i++) {
      String host = "ollama-" + i;
      String dir = "systemd/hosts/" + host + "/";
      files.put(dir + "ollama.service.d/llm-advisor.conf", dropIn(host, t));
      files.put(dir + "ollama-pull.service", pullUnit(host, model));
    }
    return files;
  }

  private static String dropIn(String host, BundleService.Target t) {
    StringBuilder sb =
        new StringBuilder()
            .append("# Ollama on ")
            .append(host)
            .append(" for the LLM Deployment Advisor: a drop-in for the unit Ollama's installer")
            .append(" creates.\n")
            .append("# Install: copy to /etc/systemd/system/ollama.service.d/, then")
            .append(" systemctl daemon-reload && systemctl restart ollama\n")
            .append("[Service]\n")
            .append("Environment=\"OLLAMA_HOST=0.0.0.0:11434\"\n")
            .append("Environment=\"OLLAMA_KEEP_ALIVE=30m\"\n");
    t.serving()
        .ifPresent(
            s ->
                sb.append("Environment=\"OLLAMA_NUM_PARALLEL=")
                    .append(s.parallelSlots())
                    .append("\"\n")
                    .append("Environment=\"OLLAMA_CONTEXT_LENGTH=")
                    .append(s.contextPerSlot())
                    .append("\"\n"));
    String devices =
        IntStream.range(0, t.shape().devicesPerServer())
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(","));
    switch (t.devices()) {
      case NVIDIA ->
          sb.append("Environment=\"CUDA_VISIBLE_DEVICES=").append(devices).append("\"\n");
      case AMD -> sb.append("Environment=\"ROCR_VISIBLE_DEVICES=").append(devices).append("\"\n");
      case NONE -> {}
    }
    return sb.toString();
  }

  private static String pullUnit(String host, String model) {
    return "# Pulls "
        + model
        + " into Ollama on "
        + host
        + " at boot, before the app sends it calls (quick when it is there).\n"
        + "# Install: copy to /etc/systemd/system/, then systemctl daemon-reload &&"
        + " systemctl enable --now ollama-pull\n"
        + "[Unit]\n"
        + "Description=Pull "
        + model
        + " into Ollama for the LLM Deployment Advisor\n"
        + "Requires=ollama.service\n"
        + "After=ollama.service network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n"
        + "[Service]\n"
        + "Type=oneshot\n"
        + "RemainAfterExit=yes\n"
        + "TimeoutStartSec=2h\n"
        + "ExecStartPre=/bin/sh -c 'until /usr/local/bin/ollama list >/dev/null 2>&1; do sleep 1;"
        + " done'\n"
        + "ExecStart=/usr/local/bin/ollama pull "
        + model
        + "\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  /** What the user must still do for the shape, in the format's terms. */
  static List<String> notes(String format, BundleService.Target t) {
    List<String> notes = new ArrayList<>();
    int n = t.shape().replicas();
    int k = t.shape().devicesPerServer();
    if (t.apple()) {
      notes.add(
          "an Apple chip's GPU cannot be used from a container or a Linux service: run Ollama"
              + " natively on each of the "
              + n
              + " Mac(s) (OLLAMA_HOST=0.0.0.0:11434) and list them in "
              + env("local", "base-url")
              + ", comma-separated; the files reserve no device");
    }
    if (format.equals("compose") && n > 1) {
      notes.add(
          "compose runs the "
              + n
              + " Ollama replicas on one Docker host"
              + (t.devices() == BundleService.Devices.NVIDIA
                  ? ", which needs " + (n * k) + " GPUs"
                  : "")
              + "; for one server per replica use the kubernetes or systemd bundle");
    }
    if (format.equals("compose") && t.devices() == BundleService.Devices.AMD) {
      notes.add(
          "AMD GPUs: the Ollama services run ollama/ollama:rocm with /dev/kfd and /dev/dri;"
              + " compose cannot count AMD GPUs, so each service sees every GPU of the host");
    }
    if (t.serving().isPresent() && (t.apple() || (format.equals("systemd") && n == 1))) {
      BundleService.Serving s = t.serving().get();
      notes.add(
          "run Ollama with OLLAMA_NUM_PARALLEL="
              + s.parallelSlots()
              + " and OLLAMA_CONTEXT_LENGTH="
              + s.contextPerSlot()
              + ", the parallel slots and context per slot the advice sized the server for");
    }
    if (format.equals("systemd") && n > 1 && !t.apple()) {
      notes.add(
          "replace ollama-1 … ollama-"
              + n
              + " in "
              + env("local", "base-url")
              + " with the names or addresses of the "
              + n
              + " Ollama hosts, each with "
              + k
              + (k == 1 ? " device" : " devices")
              + "; on each host install Ollama, then the files under systemd/hosts/<host>/");
    }
    return notes;
  }
}
