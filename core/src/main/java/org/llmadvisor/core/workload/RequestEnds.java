package org.llmadvisor.core.workload;

import java.util.Arrays;

/**
 * The ends of the requests in flight on one-slot servers, earliest first (a binary heap), so that
 * the balancer can be told of every request that has ended before the next arrival is routed.
 */
final class RequestEnds {
  private double[] end = new double[64];
  private int[] server = new int[64];
  private int size;

  void add(double t, int s) {
    if (size == end.length) {
      end = Arrays.copyOf(end, size * 2);
      server = Arrays.copyOf(server, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (end[parent] <= t) {
        break;
      }
      end[i] = end[parent];
      server[i] = server[parent];
      i = parent;
    }
    end[i] = t;
    server[i] = s;
  }

  /** Hands the balancer every request that has ended by {@code t}. */
  void releaseUpTo(double t, LeastOutstandingBalancer balancer) {
    while (size > 0 && end[0] <= t) {
      balancer.remove(server[0]);
      double lastEnd = end[--size];
      int lastServer = server[size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && end[child + 1] < end[child]) {
          child++;
        }
        if (lastEnd <= end[child]) {
          break;
        }
        end[i] = end[child];
        server[i] = server[child];
        i = child;
      }
      end[i] = lastEnd;
      server[i] = lastServer;
    }
  }
}
