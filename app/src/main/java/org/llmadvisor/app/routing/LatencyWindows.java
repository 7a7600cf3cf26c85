package org.llmadvisor.app.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.core.stats.Percentile;
import org.llmadvisor.providers.metering.CallRecord;

/** The last N successful latencies of each deployment, for the router's measured p95. */
@ApplicationScoped
public class LatencyWindows {

  private final Map<String, ArrayDeque<long[]>> windows = new ConcurrentHashMap<>();
  private final int size;
  private final int minSamples;

  @Inject
  public LatencyWindows(AdvisorConfig config) {
    this(config.routing().latencyWindow(), config.routing().minSamples());
  }

  /**
   * @param size calls kept per deployment
   * @param minSamples calls needed before a p95 is given
   */
  LatencyWindows(int size, int minSamples) {
    this.size = Math.max(1, size);
    this.minSamples = Math.max(1, minSamples);
  }

  public void record(CallRecord r) {
    if (!r.success()) {
      return;
    }
    ArrayDeque<long[]> w = windows.computeIfAbsent(r.deploymentId(), k -> new ArrayDeque<>());
    synchronized (w) {
      w.addLast(
          new long[] {r.latencyMs(), r.timeToFirstTokenMs() == null ? -1 : r.timeToFirstTokenMs()});
      while (w.size() > size) {
        w.removeFirst();
      }
    }
  }

  /**
   * Measured p95 latency, end to end or to the first token, once enough calls have been seen: the
   * nearest rank, as the simulation's predicted p95 it is shown beside.
   */
  public OptionalDouble p95(String deploymentId, boolean firstToken) {
    ArrayDeque<long[]> w = windows.get(deploymentId);
    if (w == null) {
      return OptionalDouble.empty();
    }
    long[] values;
    synchronized (w) {
      values = w.stream().mapToLong(v -> firstToken ? v[1] : v[0]).filter(v -> v >= 0).toArray();
    }
    if (values.length < minSamples) {
      return OptionalDouble.empty();
    }
    Arrays.sort(values);
    return OptionalDouble.of(Percentile.ofSorted(values, 0.95));
  }

  /** Forgets every deployment's state; tests that measure routing start from nothing. */
  public void clear() {
    windows.clear();
  }
}
