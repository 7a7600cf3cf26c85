package org.llmadvisor.providers.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One provider call as measured.
 *
 * @param promptTokens from the provider's usage; estimated locally when it reports none
 * @param tokensCounted true when the token numbers were estimated here, not reported
 * @param timeToFirstTokenMs streaming: until the first partial token; blocking: null
 * @param latencyMs until the complete answer (or the error)
 * @param costUsd from the catalog price; zero for a local model on owned hardware
 * @param zeroMarginalCost the call cost nothing extra (local)
 * @param outcome {@code success} or {@code error}
 * @param errorClass the translated reason (e.g. RATE_LIMITED), null on success
 */
public record CallRecord(
    String deploymentId,
    String provider,
    String model,
    Instant startedAt,
    boolean streaming,
    long promptTokens,
    long completionTokens,
    boolean tokensCounted,
    Long timeToFirstTokenMs,
    long latencyMs,
    BigDecimal costUsd,
    boolean zeroMarginalCost,
    String outcome,
    String errorClass) {

  public boolean success() {
    return "success".equals(outcome);
  }
}
