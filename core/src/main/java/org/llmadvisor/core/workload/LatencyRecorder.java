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

  /** At most this many batches for the p95's batch means: more would make each one short. */
  static final int MAX_BATCHES = 20;

  /** At least this many requests a batch, so that a batch's p95 is not simply its slowest. */
  static final int MIN_BATCH = 20;

  /** Student's t at 97.5% for 1 to 19 degrees of freedom: a two-sided 95% interval. */
  private static final double[] T_975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093
  };

  /**
   * The growth of the time in system per second of arrivals above which the servers do not keep up.
   * When arrivals come at λ to servers that complete c a second, the backlog grows by λ − c a
   * second and each request waits for it at c, so the time in system grows by λ/c − 1 a second:
   * 0.05 is arrivals 5% beyond what the servers complete. Servers that keep up show only noise and
   * the climb from their empty start: under 0.035 in 50 seeds of 2,000 requests at 90% busy. Within
   * a few percent of capacity a run that short cannot tell either way.
   */
  static final double MAX_GROWTH = 0.05;

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

  /**
   * The run's latency figures, once every request is answered. Whether the servers kept up is
   * observed, from the {@link #growth} of the time in system, not deduced from a capacity formula:
   * the formula is the model's own, and a test that checks it against itself cannot fail.
   *
   * @param arrival each request's arrival time, in seconds
   */
  LatencyResult result(double[] arrival, double utilization, double meanBatch) {
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
        p95HalfWidth(e2e, warmup, requests) * 1000,
        mean * 1000,
        utilization,
        meanBatch,
        growth(arrival, e2e, warmup, requests) < MAX_GROWTH,
        requests);
  }

  /**
   * The half-width of a 95% confidence interval for the p95 of {@code values[from, to)}, by batch
   * means: the range is cut into consecutive batches, each batch's p95 taken, and Student's t
   * applied to their spread. Consecutive requests wait behind the same backlog, so their times are
   * not independent; batches long enough are nearly so. NaN with fewer than two batches.
   */
  static double p95HalfWidth(double[] values, int from, int to) {
    int n = to - from;
    int batches = Math.min(MAX_BATCHES, n / MIN_BATCH);
    if (batches < 2) {
      return Double.NaN;
    }
    double[] p95 = new double[batches];
    double sum = 0;
    for (int b = 0; b < batches; b++) {
      int lo = from + (int) ((long) n * b / batches);
      int hi = from + (int) ((long) n * (b + 1) / batches);
      p95[b] = OrderStatistics.percentiles(values, lo, hi, 0.95)[0];
      sum += p95[b];
    }
    double mean = sum / batches;
    double squares = 0;
    for (double p : p95) {
      squares += (p - mean) * (p - mean);
    }
    double variance = squares / (batches - 1);
    return T_975[batches - 2] * Math.sqrt(variance / batches);
  }

  /**
   * How fast the time in system grows with the arrival time over {@code [from, to)}: the slope of a
   * least-squares line through (arrival, time in system). Zero but for noise when the servers keep
   * up; λ/c − 1 when arrivals at λ exceed what they complete, c.
   */
  static double growth(double[] arrival, double[] inSystem, int from, int to) {
    int n = to - from;
    if (n < 2) {
      return 0;
    }
    double sumT = 0;
    double sumY = 0;
    for (int i = from; i < to; i++) {
      sumT += arrival[i];
      sumY += inSystem[i];
    }
    double meanT = sumT / n;
    double meanY = sumY / n;
    double sxy = 0;
    double sxx = 0;
    for (int i = from; i < to; i++) {
      double dt = arrival[i] - meanT;
      sxy += dt * (inSystem[i] - meanY);
      sxx += dt * dt;
    }
    return sxx > 0 ? sxy / sxx : 0;
  }
}
