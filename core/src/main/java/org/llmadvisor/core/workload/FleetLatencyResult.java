package org.llmadvisor.core.workload;

import java.util.List;

/**
 * A simulated run of replicas behind a balancer.
 *
 * @param latency percentiles over every request the fleet served; its {@code utilization} is the
 *     mean over the servers
 * @param serverUtilization share of time each server was busy, in server order
 */
public record FleetLatencyResult(LatencyResult latency, List<Double> serverUtilization) {

  public FleetLatencyResult {
    serverUtilization = List.copyOf(serverUtilization);
    if (serverUtilization.isEmpty()) {
      throw new IllegalArgumentException("a fleet has at least one server");
    }
  }

  public int replicas() {
    return serverUtilization.size();
  }

  /** The busiest server's share of busy time. */
  public double maxUtilization() {
    return serverUtilization.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
