package org.llmadvisor.core.advice;

import java.util.Objects;
import org.llmadvisor.core.units.UsdAmount;

/**
 * What a candidate is predicted to do under the workload. Latencies are null when they cannot be
 * predicted (no published speed) or are unbounded (arrivals exceed capacity).
 *
 * @param costPerMillionTokens monthly cost over monthly tokens (prompt and output)
 */
public record Predicted(
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double timeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double generationTokensPerSecond,
    UsdAmount monthlyCost,
    UsdAmount costPerMillionTokens) {

  public Predicted {
    Objects.requireNonNull(monthlyCost, "monthlyCost");
    Objects.requireNonNull(costPerMillionTokens, "costPerMillionTokens");
  }
}
