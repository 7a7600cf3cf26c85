package org.llmadvisor.app.ledger;

import java.util.Map;
import java.util.TreeMap;
import org.llmadvisor.core.stats.Percentile;

/**
 * Counts of non-negative whole numbers in log-linear buckets, so that percentiles of a month's
 * calls come from a few thousand counters instead of a scan of every call.
 *
 * <p>Values below {@value #EXACT} have a bucket each, so percentiles of latencies under a quarter
 * of a second are exact. Above, each power of two is cut into {@value #SUB} buckets (as
 * HdrHistogram does): a bucket is at most 1/128 of its value wide, and the reported middle is
 * within 0.4% of any value in it. The number of buckets grows with the logarithm of the largest
 * value, never with the number of calls: a month of latencies from 50 ms to a minute fills about
 * 1,200. Finer buckets (1/1024) made a usage read with a million stored calls three times slower
 * than with none.
 */
public final class Histogram {

  private static final int SUB_BITS = 7;
  static final int SUB = 1 << SUB_BITS;
  static final long EXACT = 2L * SUB;

  private final TreeMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  /** The bucket that holds {@code value}. */
  static int index(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a histogram value cannot be negative, was " + value);
    }
    if (value < EXACT) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value); // > SUB_BITS
    long sub = value >>> (exponent - SUB_BITS); // in [SUB, 2 * SUB)
    return (int) (EXACT + (long) (exponent - SUB_BITS - 1) * SUB + (sub - SUB));
  }

  /** The smallest value in bucket {@code index}. */
  static long lowerBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int exponent = (int) ((index - EXACT) / SUB) + SUB_BITS + 1;
    long sub = SUB + (index - EXACT) % SUB;
    return sub << (exponent - SUB_BITS);
  }

  /** The largest value in bucket {@code index}. */
  static long upperBound(int index) {
    return index < EXACT ? index : lowerBound(index + 1) - 1;
  }

  /** What a bucket reports: its value when exact, its middle otherwise. */
  static double representative(int index) {
    return (lowerBound(index) + upperBound(index)) / 2.0;
  }

  public void add(long value) {
    addCount(index(value), 1);
  }

  /** Adds {@code count} to bucket {@code index} (reading stored counts back). */
  public void addCount(int index, long count) {
    counts.merge(index, count, Long::sum);
    total += count;
  }

  public void addAll(Histogram other) {
    other.counts.forEach(this::addCount);
  }

  public long total() {
    return total;
  }

  /** Bucket index to count, in ascending order of value. */
  public Map<Integer, Long> buckets() {
    return java.util.Collections.unmodifiableMap(counts);
  }

  /**
   * Nearest-rank percentile ({@code p} in (0, 1]): the bucket of the call at the {@link Percentile}
   * rank, as a sorted list of every call would give; null when empty.
   */
  public Double percentile(double p) {
    if (total == 0) {
      return null;
    }
    long rank = Percentile.rank(p, total);
    long seen = 0;
    for (var e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return representative(e.getKey());
      }
    }
    return representative(counts.lastKey());
  }
}
