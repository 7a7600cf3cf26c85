package org.llmadvisor.core.advice;

import java.util.Objects;
import org.llmadvisor.core.units.UsdAmount;

/**
 * What a candidate is predicted to do under the workload. Latencies are null when they cannot be
 * predicted (no published speed) or are unbounded (arrivals exceed capacity).
 *
 * @param costPerMillionTokens monthly cost over monthly tokens (prompt and output)
 * @param serverUtilization fraction of a local server's time spent serving at the peak, the busiest
 *     server's in a fleet (the "% busy" of the reasons); 1 when overloaded; null for a cloud
 *     offering or when speed is unknown
 * @param meanBatch mean number of sequences decoding together at the peak, as simulated; null for a
 *     cloud offering or when speed is unknown
 */
public record Predicted(
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double timeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double generationTokensPerSecond,
    UsdAmount monthlyCost,
    UsdAmount costPerMillionTokens,
    Double serverUtilization,
    Double meanBatch) {

  public Predicted {
    Objects.requireNonNull(monthlyCost, "monthlyCost");
    Objects.requireNonNull(costPerMillionTokens, "costPerMillionTokens");
  }

  /** A prediction without a server of its own to load: a cloud offering's. */
  public Predicted(
      Double p50LatencyMs,
      Double p95LatencyMs,
      Double timeToFirstTokenMs,
      Double p95TimeToFirstTokenMs,
      Double generationTokensPerSecond,
      UsdAmount monthlyCost,
      UsdAmount costPerMillionTokens) {
    this(
        p50LatencyMs,
        p95LatencyMs,
        timeToFirstTokenMs,
        p95TimeToFirstTokenMs,
        generationTokensPerSecond,
        monthlyCost,
        costPerMillionTokens,
        null,
        null);
  }
}
