package org.llmadvisor.core.stats;

/**
 * The one definition of a percentile in this project: the nearest rank. The p-th percentile of n
 * values is the value at rank ceil(p × n) (from 1) of the values sorted, so it is always one of the
 * values seen, never a blend of two. The simulation's predicted p95, the routing windows' measured
 * p95 and the ledger's histogram all use it, so "predicted beside measured" compares one estimator
 * with itself.
 *
 * <p>Why nearest rank: the ledger keeps counts in buckets, where a blend of two neighbours is not
 * defined, and a measured p95 that names a call that really happened is what an operator expects.
 */
public final class Percentile {

  /**
   * Products like 0.95 × 100 come out a hair above the whole number they stand for; this keeps
   * their ceiling at that number.
   */
  private static final double ROUNDING_SLACK = 1e-9;

  private Percentile() {}

  /**
   * The rank (from 1) of the {@code p}-th percentile among {@code n} values.
   *
   * @param p in (0, 1]
   * @param n at least 1
   */
  public static long rank(double p, long n) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("a percentile must be in (0, 1], was " + p);
    }
    if (n < 1) {
      throw new IllegalArgumentException("a percentile needs at least one value, had " + n);
    }
    return Math.min(n, Math.max(1, (long) Math.ceil(p * n - ROUNDING_SLACK)));
  }

  /** The index (from 0) into the sorted values of the {@code p}-th percentile of {@code n}. */
  public static int index(double p, int n) {
    return (int) rank(p, n) - 1;
  }

  /** The {@code p}-th percentile of values already sorted ascending; NaN when there are none. */
  public static double ofSorted(double[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[index(p, sorted.length)];
  }

  /** The {@code p}-th percentile of values already sorted ascending; null when there are none. */
  public static Long ofSorted(long[] sorted, double p) {
    return sorted.length == 0 ? null : sorted[index(p, sorted.length)];
  }
}
