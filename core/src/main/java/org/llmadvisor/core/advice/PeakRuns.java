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
   * The run when it can meet the target, else empty: a run that misses it is stopped as soon as
   * that is certain (see {@link ServingSimulation#simulateWithin}).
   */
  Optional<FleetLatencyResult> runIfMeets(
      ServerModel server, int replicas, FleetSizer.Target target) {
    Key k = new Key(server, replicas);
    Optional<FleetLatencyResult> known = runs.get(k);
    if (known == null) {
      known =
          ServingSimulation.simulateWithin(
              server, replicas, arrivals, target.firstToken(), target.ms());
      runs.putIfAbsent(k, known);
    }
    return known.filter(target::meets);
  }

  /** Fleets of {@code server} under the peak, as the fleet sizer asks for them. */
  FleetSizer.Runs of(ServerModel server, FleetSizer.Target target) {
    return new FleetSizer.Runs() {
      @Override
      public FleetLatencyResult run(int replicas) {
        return PeakRuns.this.run(server, replicas);
      }

      @Override
      public Optional<FleetLatencyResult> runIfMeets(int replicas) {
        return PeakRuns.this.runIfMeets(server, replicas, target);
      }
    };
  }
}
