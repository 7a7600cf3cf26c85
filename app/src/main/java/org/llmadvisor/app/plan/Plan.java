package org.llmadvisor.app.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.llmadvisor.core.advice.VllmServing;

/**
 * The applied plan: deployments in order (best fit first, then fallbacks), the latency target, the
 * monthly budget, and what the advisor predicted for each, to show beside what is measured.
 *
 * @param derived deployments the plan created on a configured server (an Ollama server serving a
 *     recommended tag, or cloud credentials with a recommended model), so they can be rebuilt
 * @param predicted deployment id → predicted p50/p95 latency, first token, tokens/s, monthly cost
 */
public record Plan(
    List<String> deploymentIds,
    double latencyTargetMs,
    boolean firstTokenTarget,
    Double monthlyBudgetUsd,
    String recommendationId,
    List<Derived> derived,
    Map<String, Map<String, Double>> predicted,
    Instant appliedAt) {

  public Plan {
    deploymentIds = List.copyOf(deploymentIds);
    derived = derived == null ? List.of() : List.copyOf(derived);
    predicted = predicted == null ? Map.of() : Map.copyOf(predicted);
  }

  /**
   * A deployment made from a configured one with another model.
   *
   * @param vllm for a vLLM recommendation, the server arguments the advice sized it with, which the
   *     plan's deployment files start vLLM with; null for any other deployment
   */
  public record Derived(String id, String baseDeploymentId, String model, VllmServing.Json vllm) {

    public Derived(String id, String baseDeploymentId, String model) {
      this(id, baseDeploymentId, model, null);
    }
  }
}
