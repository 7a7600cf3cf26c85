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
 *     <p>llama.cpp's CUDA backend multiplies quantized weights by a few sequences with a
 *     matrix-vector kernel on the shader cores, one dot product per sequence ({@code
 *     MMVQ_MAX_BATCH_SIZE}, 8), and by more with a tiled int8 tensor-core kernel that streams the
 *     weights less efficiently at small batches. Such a step has two regimes ({@code vectorLimit} >
 *     0): up to the limit each sequence after the first adds {@code vectorMsPerSequence}; past it
 *     the weights take {@code matrixWeightMs} to read.
 * @param fixedMs the fixed cost of a step
 * @param vectorLimit the largest batch of the matrix-vector kernel; 0 for one regime throughout
 * @param vectorMsPerSequence what each further sequence adds up to {@code vectorLimit}
 * @param matrixWeightMs reading the weights once past {@code vectorLimit}
 */
public record BatchedStep(
    double weightMs,
    double kvMsPerSequence,
    double sharedComputeMs,
    double computeMsPerSequence,
    double fixedMs,
    int vectorLimit,
    double vectorMsPerSequence,
    double matrixWeightMs) {

  public BatchedStep {
    check("weightMs", weightMs);
    check("kvMsPerSequence", kvMsPerSequence);
    check("sharedComputeMs", sharedComputeMs);
    check("computeMsPerSequence", computeMsPerSequence);
    check("fixedMs", fixedMs);
    check("vectorMsPerSequence", vectorMsPerSequence);
    check("matrixWeightMs", matrixWeightMs);
    if (vectorLimit < 0) {
      throw new IllegalArgumentException("vectorLimit must be >= 0, was " + vectorLimit);
    }
  }

  /** One regime at every batch size. */
  public BatchedStep(
      double weightMs,
      double kvMsPerSequence,
      double sharedComputeMs,
      double computeMsPerSequence,
      double fixedMs) {
    this(weightMs, kvMsPerSequence, sharedComputeMs, computeMsPerSequence, fixedMs, 0, 0, weightMs);
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
    double vector = n <= vectorLimit ? (n - 1) * vectorMsPerSequence : 0;
    return Math.max(memoryMs(n), computeMs(n)) + fixedMs + vector;
  }

  /** Arithmetic time of a step of {@code sequences}. */
  public double computeMs(int sequences) {
    return sharedComputeMs + Math.max(1, sequences) * computeMsPerSequence;
  }

  /** Memory time of a step of {@code sequences}: the shared weights and every KV cache. */
  public double memoryMs(int sequences) {
    int n = Math.max(1, sequences);
    return (vectorLimit > 0 && n > vectorLimit ? matrixWeightMs : weightMs) + n * kvMsPerSequence;
  }

  /**
   * Which limit binds {@code sequences}: arithmetic when it outlasts the reads, or, in the
   * matrix-vector regime, when the sequences' own dot products already add more than their KV
   * reads.
   */
  public Limit limit(int sequences) {
    int n = Math.max(1, sequences);
    boolean vector = n > 1 && n <= vectorLimit && vectorMsPerSequence > kvMsPerSequence;
    return vector || computeMs(n) > memoryMs(n) ? Limit.COMPUTE : Limit.MEMORY;
  }

  /** Tokens per second of all {@code sequences} together. */
  public double aggregateTokensPerSecond(int sequences) {
    return Math.max(1, sequences) * 1000.0 / ms(sequences);
  }

  /**
   * The batch size from which arithmetic binds: the smallest n with shared + n × compute ≥ weights
   * + n × KV (or, in the matrix-vector regime, whose dot products add more than their reads);
   * {@link Integer#MAX_VALUE} when memory binds at every size.
   */
  public int knee() {
    for (int n = 1; n <= Math.max(vectorLimit, 0) + 1; n++) {
      if (limit(n) == Limit.COMPUTE) {
        return n;
      }
    }
    int from = Math.max(1, vectorLimit + 1);
    double weights = memoryMs(from) - from * kvMsPerSequence;
    if (sharedComputeMs + from * computeMsPerSequence >= weights + from * kvMsPerSequence) {
      return from;
    }
    double margin = computeMsPerSequence - kvMsPerSequence;
    if (!(margin > 0)) {
      return Integer.MAX_VALUE;
    }
    double n = Math.ceil((weights - sharedComputeMs) / margin);
    return n >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(from, (int) n);
  }
}
