package org.llmadvisor.core.workload;

import java.util.Arrays;

/**
 * Outstanding requests per server and the least-outstanding choice: the server with the fewest,
 * ties going to the first after the last one chosen. Up to 64 servers, each count keeps the set of
 * servers at it as the bits of a long, so that a choice is a few bit operations rather than a scan
 * of every server on every arrival; beyond that, the servers are scanned.
 */
final class LeastOutstandingBalancer {
  private final int[] outstanding;
  private final boolean bits;

  /** Bit s of {@code at[c]}: server s has c requests outstanding. */
  private long[] at = new long[8];

  private int fewest;
  private int last;

  LeastOutstandingBalancer(int servers) {
    outstanding = new int[servers];
    bits = servers <= 64;
    if (bits) {
      at[0] = servers == 64 ? -1L : (1L << servers) - 1;
    }
    last = servers - 1;
  }

  int choose() {
    int n = outstanding.length;
    int best;
    if (bits) {
      long m = at[fewest];
      long after = last == 63 ? 0 : m & (-1L << (last + 1));
      best = Long.numberOfTrailingZeros(after != 0 ? after : m);
    } else {
      best = -1;
      int least = Integer.MAX_VALUE;
      for (int k = 1; k <= n; k++) {
        int i = (last + k) % n;
        if (outstanding[i] < least) {
          least = outstanding[i];
          best = i;
        }
      }
    }
    last = best;
    return best;
  }

  void add(int s) {
    int c = outstanding[s]++;
    if (bits) {
      if (c + 1 == at.length) {
        at = Arrays.copyOf(at, at.length * 2);
      }
      at[c] &= ~(1L << s);
      at[c + 1] |= 1L << s;
      if (c == fewest && at[c] == 0) {
        fewest = c + 1;
      }
    }
  }

  void remove(int s) {
    int c = outstanding[s]--;
    if (bits) {
      at[c] &= ~(1L << s);
      at[c - 1] |= 1L << s;
      fewest = Math.min(fewest, c - 1);
    }
  }
}
