package org.llmadvisor.app.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmadvisor.core.advice.Recommendation;

/**
 * The predicted figures a plan keeps for a deployment, by name, as {@code /api/usage} shows them;
 * for a local deployment also the serving setup they were predicted with ({@code parallelSlots},
 * {@code contextPerSlot}), which the plan's deployment files write into Ollama's environment.
 */
public final class PredictedFigures {

  private PredictedFigures() {}

  /** Ollama's {@code OLLAMA_NUM_PARALLEL} the advice sized the server for. */
  static final String PARALLEL_SLOTS = "parallelSlots";

  /** Ollama's {@code num_ctx} (its {@code OLLAMA_CONTEXT_LENGTH}) each slot holds. */
  static final String CONTEXT_PER_SLOT = "contextPerSlot";

  /** Figure name (p50LatencyMs, monthlyCostUsd, ...) to value; absent figures are left out. */
  public record Figures(Map<String, Double> values) {
    public Figures {
      values = Map.copyOf(values);
    }
  }

  /** Deployment id → context per slot, for the deployments whose figures name one. */
  static Map<String, Integer> contextPerSlot(Map<String, Map<String, Double>> predicted) {
    Map<String, Integer> out = new LinkedHashMap<>();
    predicted.forEach(
        (id, figures) -> {
          Double ctx = figures.get(CONTEXT_PER_SLOT);
          if (ctx != null && ctx >= 1) {
            out.put(id, (int) Math.round(ctx));
          }
        });
    return out;
  }

  public static Figures of(Recommendation rec) {
    Map<String, Double> m = new LinkedHashMap<>();
    var p = rec.predicted();
    m.put("p50LatencyMs", p.p50LatencyMs());
    m.put("p95LatencyMs", p.p95LatencyMs());
    m.put("timeToFirstTokenMs", p.timeToFirstTokenMs());
    m.put("p95TimeToFirstTokenMs", p.p95TimeToFirstTokenMs());
    m.put("generationTokensPerSecond", p.generationTokensPerSecond());
    m.put("monthlyCostUsd", p.monthlyCost().toDouble());
    rec.local()
        .ifPresent(
            l -> {
              m.put(PARALLEL_SLOTS, (double) l.parallelSlots());
              m.put(CONTEXT_PER_SLOT, (double) l.contextPerSlot());
            });
    m.values().removeIf(v -> v == null);
    return new Figures(m);
  }
}
