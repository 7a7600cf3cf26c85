package org.llmadvisor.app.plan;

import java.util.List;

/**
 * Progress of applying a plan.
 *
 * @param state {@code idle}, {@code preparing} (pulling, warming up), {@code active} or {@code
 *     failed}
 * @param steps one per replica of each deployment of the plan, in plan order
 * @param warnings what the plan asks for that the configuration does not give (a fleet shape with
 *     more servers than the deployment lists), each with the setting to add
 */
public record PlanStatus(
    String state, List<Step> steps, String detail, Plan plan, List<String> warnings) {

  public PlanStatus {
    steps = List.copyOf(steps);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public PlanStatus(String state, List<Step> steps, String detail, Plan plan) {
    this(state, steps, detail, plan, List.of());
  }

  /**
   * One replica's preparation: {@code queued}, {@code pull}, {@code warm-up} (Ollama) or {@code
   * start} (vLLM, which fetches its own model), then {@code ready}, or {@code unreachable} when it
   * did not answer its readiness check or its pull.
   *
   * @param replica the replica's URL (without user info or query); null when not known
   */
  public record Step(
      String deploymentId, String action, double progress, String detail, String replica) {

    public Step(String deploymentId, String action, double progress, String detail) {
      this(deploymentId, action, progress, detail, null);
    }
  }
}
