package org.llmadvisor.app.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmadvisor.core.advice.Recommendation;

/**
 * The predicted figures a plan keeps for a deployment, by name, as {@code /api/usage} shows them.
 */
public final class PredictedFigures {

  private PredictedFigures() {}

  /** Figure name (p50LatencyMs, monthlyCostUsd, ...) to value; absent figures are left out. */
  public record Figures(Map<String, Double> values) {
    public Figures {
      values = Map.copyOf(values);
    }
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
    m.values().removeIf(v -> v == null);
    return new Figures(m);
  }
}
