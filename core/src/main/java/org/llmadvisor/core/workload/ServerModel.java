package org.llmadvisor.core.workload;

import org.llmadvisor.core.speed.BatchedStep;
import org.llmadvisor.core.speed.SpeedEstimate;

/**
 * A llama.cpp server with {@code slots} parallel sequences and continuous batching: a prompt is
 * processed at {@code prefillTokensPerSecond} while generation waits; then every active sequence
 * gets one token per step, and a step takes as long as the speed model's batched step of that many
 * sequences ({@link BatchedStep}): the same physics as the single-request estimate.
 *
 * <p>Each step the server also does host work for every active sequence in turn (sampling its next
 * token), {@code hostMsPerSequence} each, which the engine's kernels do not overlap.
 *
 * @param step a generation step's parts
 * @param hostMsPerSequence host work per active sequence per step
 */
public record ServerModel(
    double prefillTokensPerSecond, BatchedStep step, int slots, double hostMsPerSequence) {

  /** Without host work per sequence (an engine that samples on the GPU, or a test's server). */
  public ServerModel(double prefillTokensPerSecond, BatchedStep step, int slots) {
    this(prefillTokensPerSecond, step, slots, 0);
  }

  public ServerModel {
    if (!(hostMsPerSequence >= 0)) {
      throw new IllegalArgumentException(
          "hostMsPerSequence must be >= 0, was " + hostMsPerSequence);
    }
    if (!(prefillTokensPerSecond > 0)) {
      throw new IllegalArgumentException(
          "prefillTokensPerSecond must be > 0, was " + prefillTokensPerSecond);
    }
    if (!(step.ms(1) > 0)) {
      throw new IllegalArgumentException("a step must take > 0 ms, was " + step.ms(1));
    }
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, was " + slots);
    }
  }

  /**
   * A step that grows linearly: {@code stepSecondsOne} for one sequence, {@code
   * extraSequenceSeconds} more for each further one (memory-bound, every sequence adding its
   * reads).
   */
  public ServerModel(
      double prefillTokensPerSecond,
      double stepSecondsOne,
      double extraSequenceSeconds,
      int slots) {
    this(prefillTokensPerSecond, linear(stepSecondsOne, extraSequenceSeconds), slots);
  }

  private static BatchedStep linear(double stepSecondsOne, double extraSequenceSeconds) {
    if (!(stepSecondsOne > 0)
        || !(extraSequenceSeconds >= 0 && extraSequenceSeconds <= stepSecondsOne)) {
      throw new IllegalArgumentException(
          "need stepSecondsOne > 0 and 0 <= extraSequenceSeconds <= stepSecondsOne, was "
              + stepSecondsOne
              + " and "
              + extraSequenceSeconds);
    }
    // one sequence's own reads are part of the first step: the shared part is the rest
    return new BatchedStep(
        (stepSecondsOne - extraSequenceSeconds) * 1000, extraSequenceSeconds * 1000, 0, 0, 0);
  }

  /** A llama.cpp server (Ollama's) of {@code slots} on the estimate's step and host work. */
  public static ServerModel of(SpeedEstimate s, int slots) {
    return new ServerModel(s.promptTokensPerSecond(), s.step(), slots, s.hostMsPerSequence());
  }

  public double stepSeconds(int sequences) {
    return (step.ms(sequences) + Math.max(1, sequences) * hostMsPerSequence) / 1000;
  }

  /** Requests per second the server completes when every slot is busy (its capacity). */
  public double capacity(double meanPromptTokens, double meanOutputTokens) {
    double perRequest =
        meanPromptTokens / prefillTokensPerSecond + meanOutputTokens * stepSeconds(slots) / slots;
    return 1.0 / perRequest;
  }
}
