package org.llmadvisor.app.plan;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.app.routing.ReplicaSet;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.ollama.OllamaManagement;

/**
 * Prepares an applied plan in the background: pulls (if missing) and warms its Ollama models on
 * every replica (a vLLM server fetches its own model, so its replicas are only checked), checks
 * that each deployment answers, then makes the plan the active one, with each step published to the
 * status feed. Plans are prepared one at a time, in the order they were applied, on the
 * application's managed executor.
 */
@ApplicationScoped
public class PlanPreparer {

  private static final Logger LOG = Logger.getLogger(PlanPreparer.class);

  private final DeploymentRegistry registry;
  private final Executor executor;
  private final ActivePlan active;
  private final PlanStatusFeed feed;
  private final Duration keepAlive;
  private final VllmReadiness vllmReadiness;

  // the preparation of the plan applied last; the next one starts when it ends
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

  // the pool's threads working on a plan now: a pull can take many minutes, so a stop interrupts
  // them rather than wait; guarded by itself
  private final Set<Thread> working = new HashSet<>();
  private boolean stopping;

  @Inject
  PlanPreparer(
      DeploymentRegistry registry,
      ManagedExecutor executor,
      ActivePlan active,
      PlanStatusFeed feed,
      AdvisorConfig config) {
    this.registry = registry;
    this.executor = executor;
    this.active = active;
    this.feed = feed;
    this.keepAlive = config.plan().keepAlive();
    this.vllmReadiness =
        new VllmReadiness(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** One queued step per replica of each deployment, in plan order. */
  List<PlanStatus.Step> queued(List<String> deploymentIds) {
    List<PlanStatus.Step> steps = new ArrayList<>();
    for (String id : deploymentIds) {
      List<String> urls = replicaUrls(id);
      if (urls.isEmpty()) {
        steps.add(new PlanStatus.Step(id, "queued", 0, ""));
      }
      urls.forEach(u -> steps.add(new PlanStatus.Step(id, "queued", 0, "", u)));
    }
    return steps;
  }

  /** Prepares {@code plan} once the plans applied before it are prepared. */
  synchronized void start(Plan plan, List<String> warnings, List<PlanStatus.Step> queued) {
    // a preparation that ended badly must not hold back the next one
    last =
        last.handle((done, failure) -> done)
            .thenRunAsync(stoppable(() -> prepare(plan, warnings, queued)), executor);
  }

  void onStop(@Observes ShutdownEvent e) {
    synchronized (working) {
      stopping = true;
      working.forEach(Thread::interrupt);
    }
  }

  /** {@code task}, interrupted if the app stops while it runs, and skipped once it has stopped. */
  private Runnable stoppable(Runnable task) {
    return () -> {
      synchronized (working) {
        if (stopping) {
          return;
        }
        working.add(Thread.currentThread());
      }
      try {
        task.run();
      } finally {
        synchronized (working) {
          working.remove(Thread.currentThread());
          // the thread goes back to the pool without an interrupt meant for this task
          Thread.interrupted();
        }
      }
    };
  }

  private List<String> replicaUrls(String id) {
    return registry
        .replicas(id)
        .map(set -> set.views().stream().map(ReplicaSet.ReplicaView::url).toList())
        .orElse(List.of());
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
            && Objects.equals(s.replica(), step.replica())) {
          steps.set(i, step);
        }
      }
      feed.publish(new PlanStatus("preparing", steps, headline, plan, warnings));
    }

    synchronized List<PlanStatus.Step> steps() {
      return List.copyOf(steps);
    }

    synchronized PlanStatus.Step step(String id, String replica) {
      return steps.stream()
          .filter(s -> s.deploymentId().equals(id) && Objects.equals(s.replica(), replica))
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
        Optional<DeploymentSettings> vllm =
            registry.settings(id).filter(s -> s.provider() == ProviderType.VLLM);
        vllm.ifPresent(s -> starting(s, progress));
        // a deployment that does not answer now is not "ready": the plan still applies (it may come
        // back, and the router falls through meanwhile), but the status says which one is down
        List<String> urls = replicaUrls(id);
        List<Readiness> each =
            vllm.isPresent()
                ? vllm.get().replicaUrls().stream()
                    .map(
                        u ->
                            vllmReadiness.check(
                                u, vllm.get().model(), vllm.get().apiKey(), vllm.get().timeout()))
                    .toList()
                : registry.replicas(id).map(ReplicaSet::readinessEach).orElse(List.of(d.ready()));
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
      active.activate(plan);
      List<PlanStatus.Step> steps = progress.steps();
      feed.publish(
          new PlanStatus("active", steps, activeDetail(plan, steps, warnings), plan, warnings));
    } catch (Exception e) {
      LOG.warnf("plan could not be applied: %s", e.getMessage());
      feed.publish(
          new PlanStatus(
              "failed",
              progress.steps(),
              "could not apply the plan: " + e.getMessage() + "; the previous plan stays active",
              plan,
              warnings));
    }
  }

  /**
   * vLLM has nothing to pull through the app: each replica downloads its weights from Hugging Face
   * when it starts (the plan's files give it the token and a cache volume), so the step says so
   * before its readiness is checked.
   */
  private void starting(DeploymentSettings s, Progress progress) {
    List<String> shown = replicaUrls(s.id());
    for (int i = 0; i < Math.max(1, shown.size()); i++) {
      progress.set(
          new PlanStatus.Step(
              s.id(),
              "start",
              0,
              "no Ollama pull: vLLM downloads "
                  + s.model()
                  + " from Hugging Face when it starts; checking GET /health and GET /v1/models",
              shown.isEmpty() ? null : shown.get(i)),
          "checking vLLM for " + s.id());
    }
  }

  /** Where {@code model: "auto"} now goes, and which deployments or replicas did not answer. */
  private static String activeDetail(
      Plan plan, List<PlanStatus.Step> steps, List<String> warnings) {
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
    return "model \"auto\" now routes to "
        + plan.deploymentIds()
        + (down.isEmpty() ? "" : "; not answering now: " + down)
        + (downReplicas.isEmpty() ? "" : "; replicas not answering now: " + downReplicas)
        + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
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
    Map<String, Future<?>> runs = new LinkedHashMap<>();
    replicas.forEach(
        (url, m) -> {
          String replica = named ? url : null;
          runs.put(
              url,
              CompletableFuture.runAsync(
                  stoppable(() -> pullAndWarm(model, m, url, id, replica, progress)), executor));
        });
    Exception first = null;
    int failed = 0;
    for (Map.Entry<String, Future<?>> run : runs.entrySet()) {
      try {
        run.getValue().get();
      } catch (ExecutionException e) {
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
  }

  private void pullAndWarm(
      String model, OllamaManagement m, String url, String id, String replica, Progress progress) {
    boolean pulled =
        m.list().stream().anyMatch(x -> RecommendationResolver.sameTag(x.name(), model));
    if (!pulled) {
      m.pull(
          model,
          p ->
              progress.set(
                  new PlanStatus.Step(id, "pull", p.fraction(), p.status(), replica),
                  "pulling " + model + " on " + url));
    }
    progress.set(
        new PlanStatus.Step(id, "warm-up", 1.0, "loading " + model + " into memory", replica),
        "warming up " + model + " on " + url);
    m.warmUp(model, keepAlive);
  }
}
