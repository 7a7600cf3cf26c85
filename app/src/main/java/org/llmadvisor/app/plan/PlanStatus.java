package org.llmadvisor.app.plan;

import java.util.List;

/**
 * Progress of applying a plan.
 *
 * @param state {@code idle}, {@code preparing} (pulling, warming up), {@code active} or {@code
 *     failed}
 */
public record PlanStatus(String state, List<Step> steps, String detail, Plan plan) {

  public PlanStatus {
    steps = List.copyOf(steps);
  }

  /**
   * One deployment's preparation: {@code queued}, {@code pull}, {@code warm-up}, then {@code
   * ready}, or {@code unreachable} when it did not answer its readiness check.
   */
  public record Step(String deploymentId, String action, double progress, String detail) {}
}
