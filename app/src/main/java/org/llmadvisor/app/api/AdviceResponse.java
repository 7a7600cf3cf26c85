package org.llmadvisor.app.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import org.llmadvisor.core.advice.Advice;

/**
 * The advice, plus what configured deployments measured this month for candidates they serve, keyed
 * by recommendation id, so predicted and measured sit side by side.
 */
public record AdviceResponse(@JsonUnwrapped Advice advice, Map<String, Measured> measured) {

  /** Measured over this month's successful calls of the deployment serving a candidate. */
  public record Measured(
      String deploymentId,
      long requests,
      Double p50LatencyMs,
      Double p95LatencyMs,
      Double p95TimeToFirstTokenMs,
      Double generationTokensPerSecond) {}
}
