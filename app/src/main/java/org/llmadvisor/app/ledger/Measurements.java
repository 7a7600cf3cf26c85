package org.llmadvisor.app.ledger;

import java.util.List;
import org.llmadvisor.providers.metering.CallRecord;

/** Percentiles of recorded calls: what "measured" means wherever it is shown. */
public record Measurements(
    long requests,
    Double p50TimeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double generationTokensPerSecond) {

  /** Over the successful calls among {@code records}. */
  public static Measurements of(List<CallRecord> records) {
    List<CallRecord> ok = records.stream().filter(CallRecord::success).toList();
    double[] ttft =
        ok.stream()
            .filter(r -> r.timeToFirstTokenMs() != null)
            .mapToDouble(CallRecord::timeToFirstTokenMs)
            .sorted()
            .toArray();
    double[] lat = ok.stream().mapToDouble(CallRecord::latencyMs).sorted().toArray();
    // generation speed after the first token: (tokens - 1) over the time since it
    double[] tps =
        ok.stream()
            .filter(
                r ->
                    r.timeToFirstTokenMs() != null
                        && r.completionTokens() > 1
                        && r.latencyMs() > r.timeToFirstTokenMs())
            .mapToDouble(
                r -> (r.completionTokens() - 1) * 1000.0 / (r.latencyMs() - r.timeToFirstTokenMs()))
            .sorted()
            .toArray();
    return new Measurements(
        ok.size(), q(ttft, 0.5), q(ttft, 0.95), q(lat, 0.5), q(lat, 0.95), q(tps, 0.5));
  }

  /** Nearest-rank percentile; null when there is nothing to rank. */
  static Double q(double[] sorted, double p) {
    return sorted.length == 0 ? null : sorted[(int) Math.ceil(p * sorted.length) - 1];
  }
}
