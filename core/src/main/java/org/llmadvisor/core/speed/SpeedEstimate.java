package org.llmadvisor.core.speed;

/**
 * Predicted single-request speed.
 *
 * @param promptTokensPerSecond prompt processing rate (compute-bound); NaN when the hardware has no
 *     FLOP/s figure and no prompt was asked for
 * @param generationTokensPerSecond token generation rate (memory-bandwidth-bound)
 * @param timeToFirstTokenMs prompt processing plus the first generated token
 * @param totalLatencyMs time to first token plus the remaining output tokens
 * @param generationMsPerToken one generated token
 * @param memoryMsPerToken the part of a generated token spent reading weights and KV cache
 */
public record SpeedEstimate(
    double promptTokensPerSecond,
    double generationTokensPerSecond,
    double timeToFirstTokenMs,
    double totalLatencyMs,
    double generationMsPerToken,
    double memoryMsPerToken) {}
