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
 * @param extraSequenceMsPerStep what each further sequence in a continuous batch adds to a
 *     generation step: its own KV cache reads and its share of the matrix arithmetic (the weights
 *     are read once for the whole batch)
 */
public record SpeedEstimate(
    double promptTokensPerSecond,
    double generationTokensPerSecond,
    double timeToFirstTokenMs,
    double totalLatencyMs,
    double generationMsPerToken,
    double memoryMsPerToken,
    double extraSequenceMsPerStep) {

  /** Duration of one generation step that produces a token for each of {@code sequences}. */
  public double stepMs(int sequences) {
    return generationMsPerToken + Math.max(0, sequences - 1) * extraSequenceMsPerStep;
  }
}
