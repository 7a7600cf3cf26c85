package org.llmadvisor.core.speed;

/**
 * One generation step of {@code n} sequences decoding together, the physics a server's continuous
 * batching runs on: the weights are read once per step and shared, each sequence reads its own KV
 * cache and needs its own arithmetic, and the step waits for the slower of memory and arithmetic
 * (llama.cpp overlaps them within a kernel), plus a fixed cost per step that neither shrinks nor
 * grows with the batch (per-layer barriers or kernel launches, hand-overs between GPUs).
 *
 * <p>The arithmetic has a shared part too: a CPU kernel unpacks each block of quantized weights
 * once per step and multiplies it with every sequence's activations, so only the multiplication
 * grows with the batch. Past the knee ({@link #knee()}) the arithmetic binds and a further sequence
 * adds its whole per-sequence compute time.
 *
 * @param weightMs reading the weights once
 * @param kvMsPerSequence reading one sequence's KV cache
 * @param sharedComputeMs arithmetic done once per step whatever the batch (unpacking the weights)
 * @param computeMsPerSequence one sequence's own arithmetic
 * @param fixedMs the fixed cost of a step
 */
public record BatchedStep(
    double weightMs,
    double kvMsPerSequence,
    double sharedComputeMs,
    double computeMsPerSequence,
    double fixedMs) {

  public BatchedStep {
    check("weightMs", weightMs);
    check("kvMsPerSequence", kvMsPerSequence);
    check("sharedComputeMs", sharedComputeMs);
    check("computeMsPerSequence", computeMsPerSequence);
    check("fixedMs", fixedMs);
  }

  private static void check(String name, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be >= 0 and finite, was " + v);
    }
  }

  /** Which limit binds a step. */
  public enum Limit {
    MEMORY,
    COMPUTE
  }

  /** Milliseconds of a step that gives each of {@code sequences} (at least 1) a token. */
  public double ms(int sequences) {
    int n = Math.max(1, sequences);
    return Math.max(memoryMs(n), computeMs(n)) + fixedMs;
  }

  /** Arithmetic time of a step of {@code sequences}. */
  public double computeMs(int sequences) {
    return sharedComputeMs + Math.max(1, sequences) * computeMsPerSequence;
  }

  /** Memory time of a step of {@code sequences}: the shared weights and every KV cache. */
  public double memoryMs(int sequences) {
    return weightMs + Math.max(1, sequences) * kvMsPerSequence;
  }

  public Limit limit(int sequences) {
    int n = Math.max(1, sequences);
    return computeMs(n) > memoryMs(n) ? Limit.COMPUTE : Limit.MEMORY;
  }

  /** Tokens per second of all {@code sequences} together. */
  public double aggregateTokensPerSecond(int sequences) {
    return Math.max(1, sequences) * 1000.0 / ms(sequences);
  }

  /**
   * The batch size from which arithmetic binds: the smallest n with shared + n × compute ≥ weights
   * + n × KV; {@link Integer#MAX_VALUE} when memory binds at every size.
   */
  public int knee() {
    if (sharedComputeMs + computeMsPerSequence >= weightMs + kvMsPerSequence) {
      return 1;
    }
    double margin = computeMsPerSequence - kvMsPerSequence;
    if (!(margin > 0)) {
      return Integer.MAX_VALUE;
    }
    double n = Math.ceil((weightMs - sharedComputeMs) / margin);
    return n >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1, (int) n);
  }
}
