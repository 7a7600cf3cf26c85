package org.llmadvisor.app.routing;

import java.util.List;

/**
 * What the router needs of the applied plan: where {@code model: "auto"} goes, in order, the
 * latency target that moves a slow deployment back, and the month's budget.
 *
 * @param deploymentIds best fit first, then fallbacks
 * @param firstTokenTarget the target is for the first token, not the whole answer
 * @param monthlyBudgetUsd null when there is no budget
 */
public record RoutingPolicy(
    List<String> deploymentIds,
    double latencyTargetMs,
    boolean firstTokenTarget,
    Double monthlyBudgetUsd) {

  public RoutingPolicy {
    deploymentIds = List.copyOf(deploymentIds);
  }

  /** Supplies the policy in force; the plan package provides it, so routing never reads plans. */
  public interface Source {
    java.util.Optional<RoutingPolicy> current();
  }
}
