package org.llmadvisor.core.workload;

import org.llmadvisor.core.speed.SpeedEstimate;

/**
 * A llama.cpp server with {@code slots} parallel sequences and continuous batching: a prompt is
 * processed at {@code prefillTokensPerSecond} while generation waits; then every active sequence
 * gets one token per step, and a step takes longer the more sequences share it.
 *
 * @param stepSecondsOne one generation step with one active sequence
 * @param extraSequenceSeconds what each further active sequence adds to a step
 */
public record ServerModel(
    double prefillTokensPerSecond, double stepSecondsOne, double extraSequenceSeconds, int slots) {

  public ServerModel {
    if (!(prefillTokensPerSecond > 0)) {
      throw new IllegalArgumentException(
          "prefillTokensPerSecond must be > 0, was " + prefillTokensPerSecond);
    }
    if (!(stepSecondsOne > 0)) {
      throw new IllegalArgumentException("stepSecondsOne must be > 0, was " + stepSecondsOne);
    }
    if (extraSequenceSeconds < 0) {
      throw new IllegalArgumentException(
          "extraSequenceSeconds must be >= 0, was " + extraSequenceSeconds);
    }
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, was " + slots);
    }
  }

  public static ServerModel of(SpeedEstimate s, int slots) {
    return new ServerModel(
        s.promptTokensPerSecond(),
        s.generationMsPerToken() / 1000,
        s.extraSequenceMsPerStep() / 1000,
        slots);
  }

  public double stepSeconds(int sequences) {
    return stepSecondsOne + Math.max(0, sequences - 1) * extraSequenceSeconds;
  }

  /** Requests per second the server completes when every slot is busy (its capacity). */
  public double capacity(double meanPromptTokens, double meanOutputTokens) {
    double perRequest =
        meanPromptTokens / prefillTokensPerSecond + meanOutputTokens * stepSeconds(slots) / slots;
    return 1.0 / perRequest;
  }
}
