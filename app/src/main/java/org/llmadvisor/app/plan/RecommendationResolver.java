package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;
import static org.llmadvisor.app.config.DeploymentKeys.property;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.llmadvisor.app.routing.ReplicaSet;
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.core.advice.VllmServing;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.service.ThisMachine;

/**
 * Maps a recommendation id from {@code /api/advice} onto the deployments that are configured and
 * enabled: which one serves it (itself, or a configured server with another model), and what the
 * recommendation asks for that the configuration does not give. A pure function of the id and the
 * settings it is built with; when nothing can serve the id, the answer names the settings to add.
 */
public final class RecommendationResolver {

  /** What to deploy for a recommendation, and what the configuration falls short of. */
  public record Resolved(Plan.Derived deployment, List<String> warnings) {
    public Resolved {
      warnings = List.copyOf(warnings);
    }
  }

  private final List<DeploymentSettings> enabled;
  private final Function<String, Optional<VllmServing>> vllmServing;

  /**
   * @param enabled the configured deployments that are enabled; when several could serve, the first
   *     by id does
   * @param vllmServing the server arguments a recent advice gave a vLLM recommendation id, which
   *     the id alone does not carry
   */
  public RecommendationResolver(
      Collection<DeploymentSettings> enabled, Function<String, Optional<VllmServing>> vllmServing) {
    this.enabled = enabled.stream().sorted(Comparator.comparing(DeploymentSettings::id)).toList();
    this.vllmServing = vllmServing;
  }

  /** For ids of Ollama and the cloud, which carry all a plan needs. */
  public RecommendationResolver(Collection<DeploymentSettings> enabled) {
    this(enabled, id -> Optional.empty());
  }

  /**
   * @throws PlanException 400 for an id that does not parse, 409 when nothing configured can serve
   *     it
   */
  public Resolved resolve(String recommendationId) {
    RecommendationId rid;
    try {
      rid = RecommendationId.parse(recommendationId);
    } catch (IllegalArgumentException e) {
      throw PlanException.badField(
          "recommendationId", e.getMessage() + "; take an id from /api/advice");
    }
    Plan.Derived d = deployment(rid);
    return new Resolved(d, shapeWarnings(rid, d));
  }

  private Plan.Derived deployment(RecommendationId rid) {
    String id = rid.format();
    String model = rid.model();
    if (rid.provider() == RecommendationId.Provider.VLLM) {
      return vllm(rid);
    }
    if (rid.provider() == RecommendationId.Provider.OLLAMA) {
      // the server is matched on the device; buying or renting it does not change which one.
      // This machine ("local") is also served by an Ollama configured on loopback.
      String hw = rid.device().map(RecommendationId.Device::hardwareId).orElse(null);
      boolean here = ThisMachine.names(hw);
      Optional<DeploymentSettings> server =
          pick(
                  ProviderType.OLLAMA,
                  s -> hw != null && s.hardware().map(hw::equalsIgnoreCase).orElse(false))
              .or(
                  () ->
                      here
                          ? pick(ProviderType.OLLAMA, RecommendationResolver::onLoopback)
                          : Optional.empty())
              .or(() -> pick(ProviderType.OLLAMA, s -> true));
      DeploymentSettings s =
          server.orElseThrow(
              () ->
                  unconfigured(
                      id,
                      "runs on Ollama, but no Ollama server is configured",
                      List.of(
                          property("local", "provider", ProviderType.OLLAMA.key()),
                          property(
                              "local",
                              "base-url",
                              here ? "http://127.0.0.1:11434" : "http://<host>:11434")),
                      hw == null ? List.of() : List.of(property("local", "hardware", hw))));
      return new Plan.Derived(
          s.model() != null && sameTag(s.model(), model) ? s.id() : s.id() + "/" + model,
          s.id(),
          model);
    }
    boolean azure = rid.provider() == RecommendationId.Provider.AZURE;
    ProviderType type = azure ? ProviderType.AZURE_OPENAI : ProviderType.OPENAI;
    Optional<DeploymentSettings> exact = pick(type, s -> model.equals(s.model()));
    if (exact.isPresent()) {
      return new Plan.Derived(exact.get().id(), exact.get().id(), model);
    }
    if (azure) {
      throw unconfigured(
          id,
          "needs an Azure OpenAI deployment of " + model,
          List.of(
              property("azure", "provider", ProviderType.AZURE_OPENAI.key()),
              property("azure", "base-url", "https://<resource>.openai.azure.com"),
              property("azure", "model", model + " (the Azure deployment name)")),
          List.of(env("azure", "api-key")));
    }
    DeploymentSettings s =
        pick(type, x -> true)
            .orElseThrow(
                () ->
                    unconfigured(
                        id,
                        "runs on OpenAI, but no OpenAI credentials are configured",
                        List.of(
                            property("openai", "provider", ProviderType.OPENAI.key()),
                            property("openai", "model", model)),
                        List.of(env("openai", "api-key"))));
    return new Plan.Derived(s.id() + "/" + model, s.id(), model);
  }

  /**
   * A vLLM recommendation: served by a configured vLLM deployment (on the same device first), under
   * the served model name the plan's files start vLLM with, the Hugging Face repository. The
   * arguments vLLM starts with (tensor parallel size, context, sequences, memory share) come from
   * the advice that proposed it; an id no recent advice returned has none, so it is refused.
   */
  private Plan.Derived vllm(RecommendationId rid) {
    String id = rid.format();
    VllmServing serving =
        vllmServing
            .apply(id)
            .orElseThrow(
                () ->
                    new PlanException(
                        409,
                        "recommendationId",
                        "recommendationId "
                            + id
                            + " is not in a recent advice, so its vLLM arguments (tensor parallel"
                            + " size, context, sequences, GPU memory share) are unknown; ask"
                            + " POST /api/advice again and apply an id it returns"));
    String hw = rid.device().map(RecommendationId.Device::hardwareId).orElse(null);
    String served = serving.model();
    DeploymentSettings s =
        pick(
                ProviderType.VLLM,
                x -> hw != null && x.hardware().map(hw::equalsIgnoreCase).orElse(false))
            .or(() -> pick(ProviderType.VLLM, x -> true))
            .orElseThrow(
                () ->
                    unconfigured(
                        id,
                        "runs on vLLM, but no vLLM server is configured",
                        List.of(
                            property("vllm", "provider", ProviderType.VLLM.key()),
                            property("vllm", "base-url", "http://<host>:8000"),
                            property("vllm", "model", served)),
                        hw == null ? List.of() : List.of(property("vllm", "hardware", hw))));
    return new Plan.Derived(
        served.equals(s.model()) ? s.id() : s.id() + "/" + served, s.id(), served, serving.json());
  }

  /**
   * A fleet shape with more servers than the Ollama deployment lists: the plan still applies, on
   * the servers there are, and the warning gives the setting that lists them all.
   */
  private List<String> shapeWarnings(RecommendationId rid, Plan.Derived d) {
    int wanted = rid.shape().replicas();
    DeploymentSettings base =
        enabled.stream().filter(s -> s.id().equals(d.baseDeploymentId())).findFirst().orElse(null);
    if (!rid.provider().isLocal() || base == null) {
      return List.of();
    }
    List<String> urls = base.replicaUrls();
    if (urls.size() >= wanted) {
      return List.of();
    }
    // the status is readable by anyone who may read plans: no user info or query of a URL in it
    List<String> all = new ArrayList<>(urls.stream().map(ReplicaSet::displayUrl).toList());
    boolean vllm = rid.provider() == RecommendationId.Provider.VLLM;
    for (int i = urls.size() + 1; i <= wanted; i++) {
      all.add("http://<server-" + i + ">:" + (vllm ? 8000 : 11434));
    }
    String engine = vllm ? " vLLM server" : " Ollama server";
    String device = rid.device().map(RecommendationId.Device::hardwareId).orElse("device");
    return List.of(
        "the plan's shape is "
            + rid.shape().describe(device)
            + ", but "
            + base.id()
            + " lists "
            + urls.size()
            + engine
            + (urls.size() == 1 ? "" : "s")
            + "; add the others as replicas: "
            + property(base.id(), "base-url", String.join(",", all))
            + " (environment "
            + env(base.id(), "base-url")
            + "), then restart the app; until then "
            + urls.size()
            + " of "
            + wanted
            + " servers take the traffic");
  }

  /**
   * The answer when nothing configured can serve a recommendation: what it needs, the settings to
   * add, and what must come with them (the device, or the key, which only the environment gives).
   */
  private static PlanException unconfigured(
      String recommendationId, String needs, List<String> settings, List<String> also) {
    StringBuilder message =
        new StringBuilder("recommendation ")
            .append(recommendationId)
            .append(' ')
            .append(needs)
            .append("; add ")
            .append(String.join(", ", settings));
    also.forEach(a -> message.append(" and ").append(a));
    return new PlanException(409, "recommendationId", message.toString());
  }

  private Optional<DeploymentSettings> pick(ProviderType type, Predicate<DeploymentSettings> ok) {
    return enabled.stream().filter(s -> s.provider() == type).filter(ok).findFirst();
  }

  /** Whether an Ollama server is configured on this machine's loopback address. */
  static boolean onLoopback(DeploymentSettings s) {
    if (s.baseUrl() == null) {
      return false;
    }
    try {
      String host = java.net.URI.create(s.baseUrl()).getHost();
      return host != null
          && (host.equalsIgnoreCase("localhost")
              || host.startsWith("127.")
              || host.equals("[::1]")
              || host.equals("::1"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether two Ollama tags name the same model; a tag without a version is {@code :latest}. */
  static boolean sameTag(String a, String b) {
    String x = a.contains(":") ? a : a + ":latest";
    String y = b.contains(":") ? b : b + ":latest";
    return x.toLowerCase(Locale.ROOT).equals(y.toLowerCase(Locale.ROOT));
  }
}
