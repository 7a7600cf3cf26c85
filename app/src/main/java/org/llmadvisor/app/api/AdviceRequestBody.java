package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /api/advice}. {@code hardware} items are catalog ids (hardware you own) or
 * objects: {@code {"id": "rtx-4090", "acquisition": "buy"}} or a spec as in {@code /api/estimate}
 * plus {@code acquisition} (owned|buy|rent), {@code purchaseUsd}, {@code usdPerHour}.
 */
public record AdviceRequestBody(
    WorkloadBody workload,
    Double latencyTargetMs,
    String latencyTarget,
    Double monthlyBudgetUsd,
    Double qualityFloor,
    Boolean dataMustStayLocal,
    List<JsonNode> hardware,
    Boolean allowRentedHardware) {

  /** Traffic: mean tokens, with optional p95s for skewed lengths. */
  public record WorkloadBody(
      Double requestsPerDay,
      Double activeHoursPerDay,
      Double peakFactor,
      Double inputTokens,
      Double outputTokens,
      Double p95InputTokens,
      Double p95OutputTokens,
      Integer parallel) {}
}
