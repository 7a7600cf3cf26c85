package org.llmadvisor.app.facade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.llmadvisor.app.plan.PredictedFigures;
import org.llmadvisor.app.plan.PredictedFigures.Figures;
import org.llmadvisor.app.plan.PredictionStore;
import org.llmadvisor.app.plan.RecommendationLookup;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.LocalDeployment;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.advice.VllmServing;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.Advising;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.ThisMachine;

/**
 * Runs the advisor on a validated advice request, and remembers what it predicted: in memory, and
 * in the ledger's database so that a plan applied from a recommendation id after a restart, or on
 * another replica, still carries its predictions.
 */
@ApplicationScoped
public class AdviceService implements RecommendationLookup {

  private static final Logger LOG = Logger.getLogger(AdviceService.class);

  private final Catalogs catalogs;
  private final ThisMachine machine;
  private final PredictionStore store;
  private final AtomicReference<Unsaved> unsaved = new AtomicReference<>();

  /** An advice's figures and vLLM arguments by recommendation id, not yet stored. */
  private record Unsaved(
      Map<String, Map<String, Double>> figures, Map<String, VllmServing.Json> vllm) {}

  // one writer, off the request path; a burst of advice saves only the latest
  private final ExecutorService saver =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "advice-predictions");
            t.setDaemon(true);
            return t;
          });

  @Inject
  public AdviceService(Catalogs catalogs, ThisMachine machine, PredictionStore store) {
    this.catalogs = catalogs;
    this.machine = machine;
    this.store = store;
  }

  public Advice advise(AdviceRequestBody b) {
    Advice a = Advising.advise(catalogs, machine, b);
    remember(a.recommendations());
    return a;
  }

  /**
   * Keeps what an advice predicted for each of its recommendations, and the vLLM arguments of its
   * vLLM ones, so that a plan applied from one of their ids carries them.
   */
  public void remember(java.util.List<Recommendation> recommendations) {
    Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
    Map<String, VllmServing.Json> servings = new LinkedHashMap<>();
    synchronized (recent) {
      for (Recommendation r : recommendations) {
        String id = r.id().format();
        Figures f = PredictedFigures.of(r);
        recent.put(id, f);
        figures.put(id, f.values());
        r.local()
            .flatMap(LocalDeployment::vllm)
            .ifPresent(
                v -> {
                  recentVllm.put(id, v);
                  servings.put(id, v.json());
                });
      }
    }
    if (unsaved.getAndSet(new Unsaved(figures, servings)) == null) {
      saver.execute(this::saveLatest);
    }
  }

  /** The last advice's predictions are stored before the process ends, not lost in the queue. */
  void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
    saver.shutdown();
    try {
      saver.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    saveLatest();
  }

  private void saveLatest() {
    Unsaved latest = unsaved.getAndSet(null);
    if (latest == null) {
      return;
    }
    try {
      Instant now = Instant.now();
      store.save(latest.figures(), now);
      store.saveVllm(latest.vllm(), now);
    } catch (RuntimeException e) {
      // advice works without the ledger; only a plan applied after a restart loses predictions
      LOG.debugf("advice predictions not stored: %s", e.getMessage());
    }
  }

  /** Predictions of a recent advice: this process's first, then the last one stored. */
  @Override
  public Optional<Figures> predicted(String id) {
    synchronized (recent) {
      Figures f = recent.get(id);
      if (f != null) {
        return Optional.of(f);
      }
    }
    try {
      return store.find(id).map(Figures::new);
    } catch (RuntimeException e) {
      LOG.debugf("advice predictions not readable: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /** The vLLM arguments of a recent advice: this process's first, then the last one stored. */
  @Override
  public Optional<VllmServing> vllm(String id) {
    synchronized (recent) {
      VllmServing v = recentVllm.get(id);
      if (v != null) {
        return Optional.of(v);
      }
    }
    try {
      return store.findVllm(id).map(AdviceService::serving);
    } catch (RuntimeException e) {
      LOG.debugf("advice vLLM arguments not readable: %s", e.getMessage());
      return Optional.empty();
    }
  }

  private static VllmServing serving(VllmServing.Json j) {
    return new VllmServing(
        j.model(),
        j.dtype(),
        Optional.ofNullable(j.quantization()),
        j.tensorParallelSize(),
        j.maxModelLen(),
        j.maxNumSeqs(),
        j.gpuMemoryUtilization());
  }

  private final Map<String, VllmServing> recentVllm =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VllmServing> e) {
          return size() > 5000;
        }
      };

  private final Map<String, Figures> recent =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Figures> e) {
          return size() > 5000;
        }
      };
}
