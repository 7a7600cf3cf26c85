package org.llmadvisor.app.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PlanRequest} whose fields have been checked and whose defaults are filled in. Every rule
 * on the body lives here, so a bad body is refused with the field at fault before anything is
 * resolved, registered or pulled.
 *
 * @param recommendationId as given, or null when the plan lists deployment ids
 * @param deploymentIds as given (an id may still name no configured deployment), or empty
 * @param fallbackIds as given, or null for the default fallbacks
 * @param firstTokenTarget whether the latency target is on the first token, not the whole answer
 */
public record ValidatedPlanRequest(
    String recommendationId,
    List<String> deploymentIds,
    List<String> fallbackIds,
    double latencyTargetMs,
    boolean firstTokenTarget,
    Double monthlyBudgetUsd) {

  static final double DEFAULT_LATENCY_TARGET_MS = 10_000;
  private static final double MAX_LATENCY_TARGET_MS = 3_600_000;
  private static final double MAX_MONTHLY_BUDGET_USD = 1e9;

  /**
   * @throws PlanException with status 400, naming the first field at fault
   */
  public static ValidatedPlanRequest of(PlanRequest r) {
    if (r == null) {
      throw PlanException.badField("body", "is required");
    }
    double target = r.latencyTargetMs() == null ? DEFAULT_LATENCY_TARGET_MS : r.latencyTargetMs();
    if (!Double.isFinite(target) || target <= 0 || target > MAX_LATENCY_TARGET_MS) {
      throw PlanException.badField(
          "latencyTargetMs", "must be between 1 and 3600000, was " + target);
    }
    boolean firstToken =
        "first-token".equalsIgnoreCase(Optional.ofNullable(r.latencyTarget()).orElse("end-to-end"));
    if (r.latencyTarget() != null
        && !firstToken
        && !"end-to-end".equalsIgnoreCase(r.latencyTarget())) {
      throw PlanException.badField(
          "latencyTarget", "must be end-to-end|first-token, was '" + r.latencyTarget() + "'");
    }
    Double budget = r.monthlyBudgetUsd();
    if (budget != null
        && (!Double.isFinite(budget) || budget < 0 || budget > MAX_MONTHLY_BUDGET_USD)) {
      throw PlanException.badField(
          "monthlyBudgetUsd", "must be between 0 and 1000000000, was " + budget);
    }
    boolean byRecommendation = r.recommendationId() != null && !r.recommendationId().isBlank();
    boolean byIds = r.deploymentIds() != null && !r.deploymentIds().isEmpty();
    if (byRecommendation == byIds) {
      throw PlanException.badField(
          "recommendationId", "give exactly one of recommendationId or deploymentIds");
    }
    return new ValidatedPlanRequest(
        byRecommendation ? r.recommendationId() : null,
        byIds ? r.deploymentIds() : List.of(),
        r.fallbackIds(),
        target,
        firstToken,
        budget);
  }

  public ValidatedPlanRequest {
    // a null id stays in the list, to be refused by position as "not a configured deployment"
    deploymentIds = deploymentIds == null ? List.of() : nullable(deploymentIds);
    fallbackIds = fallbackIds == null ? null : nullable(fallbackIds);
  }

  public boolean byRecommendation() {
    return recommendationId != null;
  }

  private static List<String> nullable(List<String> ids) {
    return Collections.unmodifiableList(new ArrayList<>(ids));
  }
}
