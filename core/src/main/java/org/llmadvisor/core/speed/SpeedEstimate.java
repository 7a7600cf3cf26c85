package org.llmadvisor.core.speed;

/**
 * Predicted speed of one request alone, and the step time of several decoding together.
 *
 * @param promptTokensPerSecond prompt processing rate (compute-bound); NaN when the hardware has no
 *     FLOP/s figure and no prompt was asked for
 * @param generationTokensPerSecond token generation rate of one sequence alone
 * @param timeToFirstTokenMs prompt processing plus the first generated token
 * @param totalLatencyMs time to first token plus the remaining output tokens
 * @param generationMsPerToken one generated token of one sequence alone ({@code step.ms(1)})
 * @param memoryMsPerToken the part of a generated token spent reading weights and KV cache
 * @param step a generation step's parts, from which a step of any number of sequences is timed
 * @param hostMsPerSequence what a server adds to a step for each of its sequences on its host
 *     (sampling; {@link ServingCosts}), which the step and the rates above leave out
 */
public record SpeedEstimate(
    double promptTokensPerSecond,
    double generationTokensPerSecond,
    double timeToFirstTokenMs,
    double totalLatencyMs,
    double generationMsPerToken,
    double memoryMsPerToken,
    BatchedStep step,
    double hostMsPerSequence) {

  /** Without host work per sequence. */
  public SpeedEstimate(
      double promptTokensPerSecond,
      double generationTokensPerSecond,
      double timeToFirstTokenMs,
      double totalLatencyMs,
      double generationMsPerToken,
      double memoryMsPerToken,
      BatchedStep step) {
    this(
        promptTokensPerSecond,
        generationTokensPerSecond,
        timeToFirstTokenMs,
        totalLatencyMs,
        generationMsPerToken,
        memoryMsPerToken,
        step,
        0);
  }

  /** Duration of one generation step that produces a token for each of {@code sequences}. */
  public double stepMs(int sequences) {
    return step.ms(sequences);
  }

  /** Tokens per second of {@code sequences} decoding together, summed. */
  public double aggregateGenerationTokensPerSecond(int sequences) {
    return step.aggregateTokensPerSecond(sequences);
  }

  /** Tokens per second each of {@code sequences} decoding together gets. */
  public double generationTokensPerSecondEach(int sequences) {
    return 1000.0 / step.ms(sequences);
  }

  /** The limit that binds a generation step of one sequence. */
  public BatchedStep.Limit limit() {
    return step.limit(1);
  }
}
