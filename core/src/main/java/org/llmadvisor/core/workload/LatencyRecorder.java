package org.llmadvisor.core.workload;

import org.llmadvisor.core.stats.OrderStatistics;
import org.llmadvisor.core.stats.Percentile;

/**
 * Each request's times to its first token and to its end, what a run reports of them, and when a
 * run that only needs to know whether it meets a limit gives up: the p95 is the value at its
 * nearest rank, so once more requests past the warm-up exceed the limit than that rank leaves above
 * it, the p95 does too. Every percentile is a nearest rank ({@link Percentile}), the same
 * definition as the measured ones it is shown beside.
 *
 * <p>The first tenth of the requests is a warm-up: they met a server that started empty, and are
 * left out of every figure.
 */
final class LatencyRecorder {

  /**
   * Each thread's latency arrays, reused from run to run: an advice makes hundreds of runs, and
   * their arrays were a third of its garbage. A run writes every entry before it reads any.
   */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

  final double[] ttft;
  final double[] e2e;
  final int warmup;
  private final int overAllowed;
  private final boolean onFirstToken;
  private final double limitMs;
  private int over;

  LatencyRecorder(int requests, boolean onFirstToken, double limitMs) {
    // every request is answered before a run ends, so every entry is written before it is read
    double[][] scratch = SCRATCH.get();
    if (scratch[0].length != requests) {
      scratch[0] = new double[requests];
      scratch[1] = new double[requests];
    }
    ttft = scratch[0];
    e2e = scratch[1];
    warmup = requests / 10;
    int measured = requests - warmup;
    overAllowed = measured - Percentile.index(0.95, measured);
    this.onFirstToken = onFirstToken;
    this.limitMs = limitMs;
  }

  /** Request {@code r}'s first token came after {@code seconds}; true to give up. */
  boolean firstToken(int r, double seconds) {
    ttft[r] = seconds;
    return onFirstToken && r >= warmup && seconds * 1000 > limitMs && ++over >= overAllowed;
  }

  /** Request {@code r} was answered after {@code seconds}; true to give up. */
  boolean done(int r, double seconds) {
    e2e[r] = seconds;
    return !onFirstToken && r >= warmup && seconds * 1000 > limitMs && ++over >= overAllowed;
  }

  /** The run's latency figures, once every request is answered. */
  LatencyResult result(double utilization, double meanBatch, boolean stable) {
    int requests = e2e.length;
    double sum = 0;
    for (int i = warmup; i < requests; i++) {
      sum += e2e[i];
    }
    // a plain loop: a stream's compensated sum cost a tenth of a run for a figure to four digits
    double mean = requests > warmup ? sum / (requests - warmup) : Double.NaN;
    double[] ft = OrderStatistics.percentiles(ttft, warmup, requests, 0.50, 0.95);
    double[] fe = OrderStatistics.percentiles(e2e, warmup, requests, 0.50, 0.95);
    return new LatencyResult(
        ft[0] * 1000,
        ft[1] * 1000,
        fe[0] * 1000,
        fe[1] * 1000,
        mean * 1000,
        utilization,
        meanBatch,
        stable,
        requests);
  }
}
