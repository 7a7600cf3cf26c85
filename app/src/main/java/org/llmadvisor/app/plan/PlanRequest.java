package org.llmadvisor.app.plan;

import java.util.List;

/**
 * Body of {@code POST /api/plan}: a recommendation from {@code /api/advice}, or configured
 * deployment ids in order; fallbacks after the recommendation default to the other configured
 * deployments (local first).
 */
public record PlanRequest(
    String recommendationId,
    List<String> deploymentIds,
    List<String> fallbackIds,
    Double latencyTargetMs,
    String latencyTarget,
    Double monthlyBudgetUsd) {}
