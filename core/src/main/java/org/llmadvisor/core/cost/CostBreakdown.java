package org.llmadvisor.core.cost;

import java.util.List;

/**
 * Monthly cost of serving a workload, as fixed cost plus a cost per request, so that break-even
 * volumes follow directly.
 *
 * @param monthlyUsd total at the workload's volume
 * @param fixedMonthlyUsd cost that does not depend on volume (hardware, idle energy, operations)
 * @param usdPerRequest cost each request adds (tokens for the cloud, extra energy locally)
 * @param costPerMillionTokensUsd monthly cost over monthly tokens (prompt and output)
 * @param basis the inputs in words
 */
public record CostBreakdown(
    double monthlyUsd,
    double fixedMonthlyUsd,
    double usdPerRequest,
    double hardwareUsd,
    double energyUsd,
    double operationsUsd,
    double costPerMillionTokensUsd,
    List<String> basis) {

  public CostBreakdown {
    basis = List.copyOf(basis);
  }

  /** Cost at another volume, in requests per month. */
  public double atVolume(double requestsPerMonth) {
    return fixedMonthlyUsd + usdPerRequest * requestsPerMonth;
  }
}
