package org.llmadvisor.core.stats;

import java.util.Arrays;

/**
 * Order statistics and {@link Percentile}s of a range of an array, as sorting the range would give
 * them, without sorting it: sorting every simulated run's latencies was a quarter of an advice's
 * time. The range is left as it is.
 */
public final class OrderStatistics {

  /** Below this many values, sorting them is as quick as counting them into buckets. */
  private static final int SORT_BELOW = 48;

  private OrderStatistics() {}

  /**
   * The nearest-rank percentiles {@code ps} (each in (0, 1]) of {@code values[from, to)}; NaN for
   * each when the range is empty.
   */
  public static double[] percentiles(double[] values, int from, int to, double... ps) {
    int n = to - from;
    if (n == 0) {
      double[] none = new double[ps.length];
      Arrays.fill(none, Double.NaN);
      return none;
    }
    int[] ranks = new int[ps.length];
    for (int j = 0; j < ps.length; j++) {
      ranks[j] = Percentile.index(ps[j], n);
    }
    return select(values, from, to, ranks);
  }

  /**
   * The {@code ranks[i]}-th smallest values (from 0) of {@code values[from, to)}. The values are
   * counted into equal-width buckets between their minimum and maximum; since subtracting and
   * scaling preserve order, each bucket holds a contiguous run of the sorted values, so only the
   * buckets that hold the ranks are looked at further: again by buckets while they hold many (a
   * long tail crowds the rest into the first few buckets), then by sorting.
   */
  public static double[] select(double[] values, int from, int to, int[] ranks) {
    int n = to - from;
    double[] out = new double[ranks.length];
    if (n > SORT_BELOW) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        // comparisons rather than Math.min and Math.max, which also order NaNs and signed zeros:
        // latencies have neither
        double v = values[i];
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
      if (!(max > min)) {
        Arrays.fill(out, min);
        return out;
      }
      int buckets = n / 2;
      double scale = buckets / (max - min);
      if (!Double.isInfinite(scale)) {
        int[] start = new int[buckets + 1];
        for (int i = from; i < to; i++) {
          start[bucket(values[i], min, scale, buckets) + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
          start[b + 1] += start[b];
        }
        // the buckets that hold the ranks, each gathered once in one more pass
        int[] of = new int[ranks.length];
        int[] held = new int[ranks.length];
        int distinct = 0;
        for (int j = 0; j < ranks.length; j++) {
          of[j] = bucketOf(start, ranks[j]);
          int d = 0;
          while (d < distinct && held[d] != of[j]) {
            d++;
          }
          if (d == distinct) {
            held[distinct++] = of[j];
          }
        }
        if (distinct > 1 || start[held[0] + 1] - start[held[0]] < n) {
          double[][] parts = new double[distinct][];
          int[] filled = new int[distinct];
          for (int d = 0; d < distinct; d++) {
            parts[d] = new double[start[held[d] + 1] - start[held[d]]];
          }
          int[] slot = new int[buckets];
          Arrays.fill(slot, -1);
          for (int d = 0; d < distinct; d++) {
            slot[held[d]] = d;
          }
          for (int i = from; i < to; i++) {
            int d = slot[bucket(values[i], min, scale, buckets)];
            if (d >= 0) {
              parts[d][filled[d]++] = values[i];
            }
          }
          for (int d = 0; d < distinct; d++) {
            int b = held[d];
            int count = 0;
            for (int j = 0; j < ranks.length; j++) {
              count += of[j] == b ? 1 : 0;
            }
            int[] inside = new int[count];
            for (int j = 0, m = 0; j < ranks.length; j++) {
              if (of[j] == b) {
                inside[m++] = ranks[j] - start[b];
              }
            }
            double[] found = select(parts[d], 0, parts[d].length, inside);
            for (int j = 0, m = 0; j < ranks.length; j++) {
              if (of[j] == b) {
                out[j] = found[m++];
              }
            }
          }
          return out;
        }
        // one bucket holds everything (the rest are empty): sort instead
      }
    }
    double[] sorted = Arrays.copyOfRange(values, from, to);
    Arrays.sort(sorted);
    for (int j = 0; j < ranks.length; j++) {
      out[j] = sorted[ranks[j]];
    }
    return out;
  }

  private static int bucket(double v, double min, double scale, int buckets) {
    return Math.min(buckets - 1, (int) ((v - min) * scale));
  }

  /** The bucket that holds the {@code rank}-th smallest value, given each bucket's first rank. */
  private static int bucketOf(int[] start, int rank) {
    int b = Arrays.binarySearch(start, rank);
    if (b < 0) {
      return -b - 2;
    }
    // empty buckets share a start: the value is in the last bucket starting there
    while (b + 1 < start.length - 1 && start[b + 1] == rank) {
      b++;
    }
    return b;
  }
}
