package org.llmadvisor.app.plan;

import static org.llmadvisor.app.config.DeploymentKeys.env;
import static org.llmadvisor.app.config.DeploymentKeys.property;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.app.routing.ReplicaSet;
import org.llmadvisor.core.advice.RecommendationId;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
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
  private final PlanStatusFeed feed;
  private final Clock clock = Clock.systemUTC();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "plan-apply");
            t.setDaemon(true);
            return t;
          });

  private volatile Plan active;

  @Inject
  public PlanService(
      DeploymentRegistry registry,
      PlanStore store,
      RecommendationLookup advice,
      ObjectMapper json,
      PlanStatusFeed feed) {
    this.registry = registry;
    this.store = store;
    this.advice = advice;
    this.json = json;
    this.feed = feed;
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
                  feed.publish(
                      new PlanStatus(
                          "active", List.of(), "restored the plan applied at " + p.appliedAt(), p));
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
        if (!"preparing".equals(feed.current().state())) {
          feed.publish(
              new PlanStatus(
                  "active", List.of(), "plan applied at " + p.appliedAt() + " (stored)", p));
        }
      }
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.debugf("plan refresh skipped: %s", e.getMessage());
    }
  }

  public PlanStatus status() {
    return feed.current();
  }

  /** The status now, then each change, until the plan is active or failed. */
  public Multi<PlanStatus> statusUntilSettled() {
    return feed.untilSettled();
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
    List<PlanStatus.Step> steps = new ArrayList<>();
    for (String id : unique) {
      List<String> urls = replicaUrls(id);
      if (urls.isEmpty()) {
        steps.add(new PlanStatus.Step(id, "queued", 0, ""));
      }
      urls.forEach(u -> steps.add(new PlanStatus.Step(id, "queued", 0, "", u)));
    }
    List<String> warnings =
        byRecommendation
            ? shapeWarnings(RecommendationId.parse(r.recommendationId()), derived.get(0))
            : List.of();
    PlanStatus preparing =
        new PlanStatus(
            "preparing", steps, "preparing " + unique.size() + " deployment(s)", plan, warnings);
    publish(preparing);
    worker.submit(() -> prepare(plan, warnings, steps));
    return preparing;
  }

  private List<String> replicaUrls(String id) {
    return registry
        .replicas(id)
        .map(set -> set.views().stream().map(ReplicaSet.ReplicaView::url).toList())
        .orElse(List.of());
  }

  /**
   * A fleet shape with more servers than the Ollama deployment lists: the plan still applies, on
   * the servers there are, and the warning gives the setting that lists them all.
   */
  private List<String> shapeWarnings(RecommendationId rid, Plan.Derived d) {
    int wanted = rid.shape().replicas();
    DeploymentSettings base =
        d.baseDeploymentId() == null ? null : registry.settings(d.baseDeploymentId()).orElse(null);
    if (rid.provider() != RecommendationId.Provider.OLLAMA || base == null) {
      return List.of();
    }
    List<String> urls = base.replicaUrls();
    if (urls.size() >= wanted) {
      return List.of();
    }
    // the status is readable by anyone who may read plans: no user info or query of a URL in it
    List<String> all = new ArrayList<>(urls.stream().map(ReplicaSet::displayUrl).toList());
    for (int i = urls.size() + 1; i <= wanted; i++) {
      all.add("http://<server-" + i + ">:11434");
    }
    String device = rid.device().map(RecommendationId.Device::hardwareId).orElse("device");
    return List.of(
        "the plan's shape is "
            + rid.shape().describe(device)
            + ", but "
            + base.id()
            + " lists "
            + urls.size()
            + (urls.size() == 1 ? " Ollama server" : " Ollama servers")
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

  /** The steps of the plan being prepared; replicas are prepared in parallel. */
  private final class Progress {
    private final Plan plan;
    private final List<String> warnings;
    private final List<PlanStatus.Step> steps;

    Progress(Plan plan, List<String> warnings, List<PlanStatus.Step> steps) {
      this.plan = plan;
      this.warnings = warnings;
      this.steps = new ArrayList<>(steps);
    }

    synchronized void set(PlanStatus.Step step, String headline) {
      for (int i = 0; i < steps.size(); i++) {
        PlanStatus.Step s = steps.get(i);
        if (s.deploymentId().equals(step.deploymentId())
            && java.util.Objects.equals(s.replica(), step.replica())) {
          steps.set(i, step);
        }
      }
      publish(new PlanStatus("preparing", steps, headline, plan, warnings));
    }

    synchronized List<PlanStatus.Step> steps() {
      return List.copyOf(steps);
    }

    synchronized PlanStatus.Step step(String id, String replica) {
      return steps.stream()
          .filter(
              s -> s.deploymentId().equals(id) && java.util.Objects.equals(s.replica(), replica))
          .findFirst()
          .orElse(null);
    }
  }

  private void prepare(Plan plan, List<String> warnings, List<PlanStatus.Step> queued) {
    Progress progress = new Progress(plan, warnings, queued);
    try {
      for (String id : plan.deploymentIds()) {
        MeteredDeployment d = registry.find(id).orElseThrow();
        Map<String, OllamaManagement> managed = registry.managements(id);
        if (!managed.isEmpty()) {
          pullAndWarm(id, d.model(), managed, progress);
        }
        // a deployment that does not answer now is not "ready": the plan still applies (it may come
        // back, and the router falls through meanwhile), but the status says which one is down
        List<String> urls = replicaUrls(id);
        List<Readiness> each =
            registry.replicas(id).map(ReplicaSet::readinessEach).orElse(List.of(d.ready()));
        for (int i = 0; i < each.size(); i++) {
          String url = urls.isEmpty() ? null : urls.get(i);
          PlanStatus.Step before = progress.step(id, url);
          if (before != null && before.action().equals("unreachable")) {
            continue;
          }
          Readiness r = each.get(i);
          progress.set(
              new PlanStatus.Step(id, r.ready() ? "ready" : "unreachable", 1.0, r.detail(), url),
              "prepared " + id);
        }
      }
      String body = json.writeValueAsString(plan);
      store.save(body, plan.appliedAt());
      active = plan;
      activeBody = body;
      List<PlanStatus.Step> steps = progress.steps();
      Map<String, List<PlanStatus.Step>> byDeployment = new LinkedHashMap<>();
      steps.forEach(
          x -> byDeployment.computeIfAbsent(x.deploymentId(), k -> new ArrayList<>()).add(x));
      List<String> down = new ArrayList<>();
      List<String> downReplicas = new ArrayList<>();
      byDeployment.forEach(
          (id, list) -> {
            List<PlanStatus.Step> off =
                list.stream().filter(x -> x.action().equals("unreachable")).toList();
            if (!off.isEmpty() && off.size() == list.size()) {
              down.add(id);
            } else {
              off.forEach(x -> downReplicas.add(x.replica()));
            }
          });
      publish(
          new PlanStatus(
              "active",
              steps,
              "model \"auto\" now routes to "
                  + plan.deploymentIds()
                  + (down.isEmpty() ? "" : "; not answering now: " + down)
                  + (downReplicas.isEmpty() ? "" : "; replicas not answering now: " + downReplicas)
                  + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)),
              plan,
              warnings));
    } catch (Exception e) {
      LOG.warnf("plan could not be applied: %s", e.getMessage());
      publish(
          new PlanStatus(
              "failed",
              progress.steps(),
              "could not apply the plan: " + e.getMessage() + "; the previous plan stays active",
              plan,
              warnings));
    }
  }

  /**
   * Pulls (if missing) and warms {@code model} on every replica at once, each with its own
   * progress. A replica that fails is marked unreachable and the others go on; when every replica
   * fails, the first failure fails the plan.
   */
  private void pullAndWarm(
      String id, String model, Map<String, OllamaManagement> replicas, Progress progress)
      throws Exception {
    boolean named = replicas.size() > 1 || !replicaUrls(id).isEmpty();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(8, replicas.size()),
            r -> {
              Thread t = new Thread(r, "plan-replica");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, java.util.concurrent.Future<?>> runs = new LinkedHashMap<>();
      replicas.forEach(
          (url, m) ->
              runs.put(
                  url,
                  pool.submit(
                      () -> {
                        String replica = named ? url : null;
                        boolean pulled = m.list().stream().anyMatch(x -> sameTag(x.name(), model));
                        if (!pulled) {
                          m.pull(
                              model,
                              p ->
                                  progress.set(
                                      new PlanStatus.Step(
                                          id, "pull", p.fraction(), p.status(), replica),
                                      "pulling " + model + " on " + url));
                        }
                        progress.set(
                            new PlanStatus.Step(
                                id, "warm-up", 1.0, "loading " + model + " into memory", replica),
                            "warming up " + model + " on " + url);
                        m.warmUp(model, KEEP_ALIVE);
                        return null;
                      })));
      Exception first = null;
      int failed = 0;
      for (Map.Entry<String, java.util.concurrent.Future<?>> run : runs.entrySet()) {
        try {
          run.getValue().get();
        } catch (java.util.concurrent.ExecutionException e) {
          Exception cause = e.getCause() instanceof Exception x ? x : e;
          first = first == null ? cause : first;
          failed++;
          LOG.warnf("plan: %s on %s: %s", model, run.getKey(), cause.getMessage());
          progress.set(
              new PlanStatus.Step(
                  id,
                  "unreachable",
                  0,
                  "could not pull or warm " + model + ": " + cause.getMessage(),
                  named ? run.getKey() : null),
              "preparing " + id);
        }
      }
      if (failed == runs.size()) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void publish(PlanStatus s) {
    feed.publish(s);
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
