package org.llmadvisor.core.advice;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.core.workload.Arrivals;
import org.llmadvisor.core.workload.FleetLatencyResult;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.ServingSimulation;
import org.llmadvisor.core.workload.Traffic;

/**
 * The simulated runs of one advice at its peak, each run once. Candidates that differ only in how
 * the hardware is paid for (bought or rented) serve the same traffic with the same server model,
 * and so do the steps of their fleet searches: their runs are the same, and the advice's time is
 * mostly simulation. Safe to share between the threads of one advice.
 */
final class PeakRuns {

  private record Key(ServerModel server, int replicas) {}

  private final Arrivals arrivals;

  /** Empty for a run that gave up because its p95 misses the request's target. */
  private final ConcurrentHashMap<Key, Optional<FleetLatencyResult>> runs =
      new ConcurrentHashMap<>();

  PeakRuns(Traffic traffic, double arrivalsPerSecond) {
    this.arrivals = Arrivals.of(traffic, arrivalsPerSecond);
  }

  /** {@code replicas} such servers under the peak, run to the end. */
  FleetLatencyResult run(ServerModel server, int replicas) {
    Key k = new Key(server, replicas);
    Optional<FleetLatencyResult> known = runs.get(k);
    if (known != null && known.isPresent()) {
      return known.get();
    }
    FleetLatencyResult r = ServingSimulation.simulate(server, replicas, arrivals);
    runs.put(k, Optional.of(r));
    return r;
  }

  /**
   * The run when it can meet the request's latency target, else empty: a run that misses it is
   * stopped as soon as that is certain (see {@link ServingSimulation#simulateWithin}).
   */
  Optional<FleetLatencyResult> runIfMeets(ServerModel server, int replicas, AdviceRequest r) {
    Key k = new Key(server, replicas);
    Optional<FleetLatencyResult> known = runs.get(k);
    if (known == null) {
      known =
          ServingSimulation.simulateWithin(
              server,
              replicas,
              arrivals,
              r.latencyTarget() == LatencyTarget.FIRST_TOKEN,
              r.latencyTargetMs());
      runs.putIfAbsent(k, known);
    }
    return known.filter(f -> meets(r, f));
  }

  /** What {@link ConstraintChecks#latency} says of a run that can be served, without the words. */
  static boolean meets(AdviceRequest r, FleetLatencyResult f) {
    double v =
        r.latencyTarget() == LatencyTarget.FIRST_TOKEN
            ? f.latency().p95TimeToFirstTokenMs()
            : f.latency().p95EndToEndMs();
    return v <= r.latencyTargetMs();
  }
}
