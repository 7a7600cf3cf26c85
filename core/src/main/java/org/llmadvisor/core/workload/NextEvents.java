package org.llmadvisor.core.workload;

import java.util.Arrays;

/**
 * Each server's next own event, and which server's comes first (the lowest index among equal
 * times): a tournament tree, so that finding it costs O(1) and changing one server's time O(log
 * replicas) rather than a scan of every server per event.
 */
final class NextEvents {
  private final double[] at;
  private final int[] winner;
  private final int leaves;

  NextEvents(int servers) {
    int n = 1;
    while (n < servers) {
      n <<= 1;
    }
    leaves = n;
    at = new double[n];
    Arrays.fill(at, Double.POSITIVE_INFINITY);
    winner = new int[2 * n];
    for (int i = 0; i < n; i++) {
      winner[n + i] = i;
    }
    for (int i = n - 1; i >= 1; i--) {
      winner[i] = winner[2 * i];
    }
  }

  int earliest() {
    return winner[1];
  }

  double at(int server) {
    return at[server];
  }

  void set(int server, double time) {
    if (at[server] == time) {
      // the tree already holds it
      return;
    }
    at[server] = time;
    for (int i = (leaves + server) >> 1; i >= 1; i >>= 1) {
      int l = winner[2 * i];
      int r = winner[2 * i + 1];
      // the left subtree holds the lower indices: it wins ties
      int w = at[l] <= at[r] ? l : r;
      if (w == winner[i] && w != server) {
        // this subtree's winner and its time are as they were, so are those above it
        return;
      }
      winner[i] = w;
    }
  }
}
