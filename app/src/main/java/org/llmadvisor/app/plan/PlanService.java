package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;
import static org.llmadvisor.app.config.DeploymentKeys.property;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.ollama.OllamaManagement;
import org.llmadvisor.service.ThisMachine;

/**
 * Applies a plan: resolves it onto configured deployments, pulls and warms Ollama models with
 * visible progress, then switches {@code model: "auto"} to it and stores it so it survives a
 * restart.
 */
@ApplicationScoped
public class PlanService implements org.llmadvisor.app.routing.RoutingPolicy.Source {

  private static final Logger LOG = Logger.getLogger(PlanService.class);
  private static final Duration KEEP_ALIVE = Duration.ofMinutes(30);

  private final DeploymentRegistry registry;
  private final PlanStore store;
  private final RecommendationLookup advice;
  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "plan-apply");
            t.setDaemon(true);
            return t;
          });
  private final List<Consumer<PlanStatus>> watchers = new CopyOnWriteArrayList<>();

  private volatile Plan active;
  private volatile PlanStatus status = new PlanStatus("idle", List.of(), "no plan applied", null);

  @Inject
  public PlanService(
      DeploymentRegistry registry,
      PlanStore store,
      RecommendationLookup advice,
      ObjectMapper json) {
    this.registry = registry;
    this.store = store;
    this.advice = advice;
    this.json = json;
  }

  void onStart(@Observes StartupEvent e) {
    try {
      store
          .load()
          .ifPresent(
              body -> {
                try {
                  Plan p = json.readValue(body, Plan.class);
                  p.derived().forEach(this::register);
                  active = p;
                  activeBody = body;
                  status =
                      new PlanStatus(
                          "active", List.of(), "restored the plan applied at " + p.appliedAt(), p);
                  LOG.infof("restored plan %s", p.deploymentIds());
                } catch (JsonProcessingException | RuntimeException ex) {
                  LOG.warnf("stored plan is unreadable and was ignored: %s", ex.getMessage());
                }
              });
    } catch (org.llmadvisor.app.ledger.LedgerException e2) {
      LOG.warnf(
          "the ledger is unreachable at start-up (%s); the stored plan is loaded once it answers",
          e2.getMessage());
    }
  }

  void onStop(@Observes ShutdownEvent e) {
    worker.shutdownNow();
  }

  @Override
  public Optional<org.llmadvisor.app.routing.RoutingPolicy> current() {
    return active()
        .map(
            p ->
                new org.llmadvisor.app.routing.RoutingPolicy(
                    p.deploymentIds(),
                    p.latencyTargetMs(),
                    p.firstTokenTarget(),
                    p.monthlyBudgetUsd()));
  }

  public Optional<Plan> active() {
    refreshIfChanged();
    return Optional.ofNullable(active);
  }

  private volatile java.time.Instant checkedAt = java.time.Instant.EPOCH;
  private volatile String activeBody;

  /**
   * Replicas sharing one database share one plan: at most once a second, pick up a plan another
   * replica stored. A database hiccup keeps the current plan.
   */
  private void refreshIfChanged() {
    java.time.Instant now = clock.instant();
    if (now.toEpochMilli() - checkedAt.toEpochMilli() < 1000) {
      return;
    }
    checkedAt = now;
    try {
      Optional<String> stored = store.load();
      if (stored.isPresent() && !stored.get().equals(activeBody)) {
        Plan p = json.readValue(stored.get(), Plan.class);
        p.derived().forEach(this::register);
        active = p;
        activeBody = stored.get();
        if (!"preparing".equals(status.state())) {
          status =
              new PlanStatus(
                  "active", List.of(), "plan applied at " + p.appliedAt() + " (stored)", p);
        }
      }
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.debugf("plan refresh skipped: %s", e.getMessage());
    }
  }

  public PlanStatus status() {
    return status;
  }

  public void watch(Consumer<PlanStatus> w) {
    watchers.add(w);
  }

  public void unwatch(Consumer<PlanStatus> w) {
    watchers.remove(w);
  }

  /** Validates and resolves the plan now (4xx on bad input), then prepares it in the background. */
  public PlanStatus apply(PlanRequest r) {
    if (r == null) {
      throw PlanException.badField("body", "is required");
    }
    double target = r.latencyTargetMs() == null ? 10_000 : r.latencyTargetMs();
    if (!Double.isFinite(target) || target <= 0 || target > 3_600_000) {
      throw PlanException.badField(
          "latencyTargetMs", "must be between 1 and 3600000, was " + target);
    }
    boolean firstToken =
        "first-token".equalsIgnoreCase(Optional.ofNullable(r.latencyTarget()).orElse("end-to-end"));
    if (r.latencyTarget() != null
        && !firstToken
        && !"end-to-end".equalsIgnoreCase(r.latencyTarget())) {
      throw PlanException.badField(
          "latencyTarget", "must be end-to-end|first-token, was '" + r.latencyTarget() + "'");
    }
    if (r.monthlyBudgetUsd() != null
        && (!Double.isFinite(r.monthlyBudgetUsd())
            || r.monthlyBudgetUsd() < 0
            || r.monthlyBudgetUsd() > 1e9)) {
      throw PlanException.badField(
          "monthlyBudgetUsd", "must be between 0 and 1000000000, was " + r.monthlyBudgetUsd());
    }
    boolean byRecommendation = r.recommendationId() != null && !r.recommendationId().isBlank();
    boolean byIds = r.deploymentIds() != null && !r.deploymentIds().isEmpty();
    if (byRecommendation == byIds) {
      throw PlanException.badField(
          "recommendationId", "give exactly one of recommendationId or deploymentIds");
    }
    List<String> ids = new ArrayList<>();
    List<Plan.Derived> derived = new ArrayList<>();
    Map<String, Map<String, Double>> predicted = new LinkedHashMap<>();
    if (byRecommendation) {
      Plan.Derived d = resolve(r.recommendationId());
      derived.add(d);
      ids.add(d.id());
      advice
          .predicted(r.recommendationId().trim())
          .ifPresent(f -> predicted.put(d.id(), f.values()));
      List<String> fallbacks =
          r.fallbackIds() != null ? r.fallbackIds() : defaultFallbacks(d.baseDeploymentId());
      for (int i = 0; i < fallbacks.size(); i++) {
        ids.add(configured(fallbacks.get(i), "fallbackIds[" + i + "]"));
      }
    } else {
      for (int i = 0; i < r.deploymentIds().size(); i++) {
        ids.add(configured(r.deploymentIds().get(i), "deploymentIds[" + i + "]"));
      }
    }
    List<String> unique = ids.stream().distinct().toList();
    Plan plan =
        new Plan(
            unique,
            target,
            firstToken,
            r.monthlyBudgetUsd(),
            byRecommendation ? r.recommendationId() : null,
            derived,
            predicted,
            clock.instant());
    derived.forEach(this::register);
    List<PlanStatus.Step> steps =
        unique.stream().map(id -> new PlanStatus.Step(id, "queued", 0, "")).toList();
    publish(
        new PlanStatus("preparing", steps, "preparing " + unique.size() + " deployment(s)", plan));
    worker.submit(() -> prepare(plan));
    return status;
  }

  private void prepare(Plan plan) {
    List<PlanStatus.Step> steps = new ArrayList<>(status.steps());
    try {
      for (int i = 0; i < plan.deploymentIds().size(); i++) {
        String id = plan.deploymentIds().get(i);
        MeteredDeployment d = registry.find(id).orElseThrow();
        final int index = i;
        Optional<OllamaManagement> management = registry.management(id);
        if (management.isPresent()) {
          OllamaManagement m = management.get();
          String model = d.model();
          boolean pulled = m.list().stream().anyMatch(x -> sameTag(x.name(), model));
          if (!pulled) {
            m.pull(
                model,
                p -> {
                  steps.set(index, new PlanStatus.Step(id, "pull", p.fraction(), p.status()));
                  publish(new PlanStatus("preparing", steps, "pulling " + model, plan));
                });
          }
          steps.set(
              index, new PlanStatus.Step(id, "warm-up", 1.0, "loading " + model + " into memory"));
          publish(new PlanStatus("preparing", steps, "warming up " + model, plan));
          m.warmUp(model, KEEP_ALIVE);
        }
        // a deployment that does not answer now is not "ready": the plan still applies (it may come
        // back, and the router falls through meanwhile), but the status says which one is down
        var readiness = d.ready();
        steps.set(
            index,
            new PlanStatus.Step(
                id, readiness.ready() ? "ready" : "unreachable", 1.0, readiness.detail()));
        publish(new PlanStatus("preparing", steps, "prepared " + id, plan));
      }
      String body = json.writeValueAsString(plan);
      store.save(body, plan.appliedAt());
      active = plan;
      activeBody = body;
      List<String> down =
          steps.stream()
              .filter(x -> x.action().equals("unreachable"))
              .map(PlanStatus.Step::deploymentId)
              .toList();
      publish(
          new PlanStatus(
              "active",
              steps,
              "model \"auto\" now routes to "
                  + plan.deploymentIds()
                  + (down.isEmpty() ? "" : "; not answering now: " + down),
              plan));
    } catch (Exception e) {
      LOG.warnf("plan could not be applied: %s", e.getMessage());
      publish(
          new PlanStatus(
              "failed",
              steps,
              "could not apply the plan: " + e.getMessage() + "; the previous plan stays active",
              plan));
    }
  }

  private void publish(PlanStatus s) {
    status = s;
    for (Consumer<PlanStatus> w : watchers) {
      try {
        w.accept(s);
      } catch (RuntimeException ignored) {
        // a watcher that went away must not stop the plan
      }
    }
  }

  private void register(Plan.Derived d) {
    if (d.baseDeploymentId() == null
        || registry.find(d.id()).isPresent() && d.id().equals(d.baseDeploymentId())) {
      return;
    }
    DeploymentSettings base = registry.settings(d.baseDeploymentId()).orElse(null);
    if (base == null) {
      LOG.warnf(
          "plan deployment %s needs %s, which is no longer configured",
          d.id(), d.baseDeploymentId());
      return;
    }
    registry.register(
        new DeploymentSettings(
            d.id(),
            base.provider(),
            base.baseUrl(),
            d.model(),
            base.apiKey(),
            base.apiVersion(),
            base.hardware(),
            base.timeout()));
  }

  /** Maps a recommendation onto what is configured, or says which settings to add. */
  Plan.Derived resolve(String recommendationId) {
    RecommendationId rid;
    try {
      rid = RecommendationId.parse(recommendationId);
    } catch (IllegalArgumentException e) {
      throw PlanException.badField(
          "recommendationId", e.getMessage() + "; take an id from /api/advice");
    }
    String id = rid.format();
    String model = rid.model();
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
                      here ? pick(ProviderType.OLLAMA, PlanService::onLoopback) : Optional.empty())
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

  private Optional<DeploymentSettings> pick(
      ProviderType type, java.util.function.Predicate<DeploymentSettings> ok) {
    return registry.configured().values().stream()
        .filter(s -> s.provider() == type)
        .filter(s -> registry.find(s.id()).map(MeteredDeployment::enabled).orElse(false))
        .filter(ok)
        .sorted(java.util.Comparator.comparing(DeploymentSettings::id))
        .findFirst();
  }

  private List<String> defaultFallbacks(String exclude) {
    return registry.enabledIds().stream()
        .filter(id -> !id.equals(exclude) && registry.settings(id).isPresent())
        .filter(id -> !id.contains("/"))
        .sorted(
            java.util.Comparator.comparing(
                    (String id) -> registry.find(id).get().kind() == DeploymentKind.LOCAL ? 0 : 1)
                .thenComparing(x -> x))
        .toList();
  }

  private String configured(String id, String field) {
    if (id == null || registry.find(id).isEmpty()) {
      throw new PlanException(
          400,
          field,
          field
              + " '"
              + id
              + "' is not a configured deployment; configured: "
              + registry.enabledIds());
    }
    if (!registry.find(id).get().enabled()) {
      throw new PlanException(
          400,
          field,
          field + " '" + id + "' is disabled: " + registry.find(id).get().ready().detail());
    }
    return id;
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

  static boolean sameTag(String a, String b) {
    String x = a.contains(":") ? a : a + ":latest";
    String y = b.contains(":") ? b : b + ":latest";
    return x.toLowerCase(Locale.ROOT).equals(y.toLowerCase(Locale.ROOT));
  }
}
