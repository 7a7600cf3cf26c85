package org.llmadvisor.app.routing;

import java.util.List;
import java.util.Map;

/**
 * What the router needs of the applied plan: where {@code model: "auto"} goes, in order, the
 * latency target that moves a slow deployment back, and the month's budget.
 *
 * @param deploymentIds best fit first, then fallbacks
 * @param firstTokenTarget the target is for the first token, not the whole answer
 * @param monthlyBudgetUsd null when there is no budget
 * @param contextPerSlot deployment id → the context, in tokens, the advice sized each of its
 *     parallel slots for; an Ollama deployment is sent it as {@code num_ctx}, so the running model
 *     holds the context the plan was predicted with
 */
public record RoutingPolicy(
    List<String> deploymentIds,
    double latencyTargetMs,
    boolean firstTokenTarget,
    Double monthlyBudgetUsd,
    Map<String, Integer> contextPerSlot) {

  public RoutingPolicy {
    deploymentIds = List.copyOf(deploymentIds);
    contextPerSlot = contextPerSlot == null ? Map.of() : Map.copyOf(contextPerSlot);
  }

  /** A policy with no serving setup to pass on. */
  public RoutingPolicy(
      List<String> deploymentIds,
      double latencyTargetMs,
      boolean firstTokenTarget,
      Double monthlyBudgetUsd) {
    this(deploymentIds, latencyTargetMs, firstTokenTarget, monthlyBudgetUsd, Map.of());
  }

  /** Supplies the policy in force; the plan package provides it, so routing never reads plans. */
  public interface Source {
    java.util.Optional<RoutingPolicy> current();
  }
}
