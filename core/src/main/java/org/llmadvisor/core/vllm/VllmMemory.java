package org.llmadvisor.core.vllm;

import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.units.ByteSize;

/**
 * One GPU's memory under vLLM's rules (V1 engine, {@code gpu_worker.determine_available_memory}):
 * {@code --gpu-memory-utilization} × device memory is the budget; the weights (this rank's share),
 * the activation peak of the profile run (a forward pass of {@code --max-num-batched-tokens}
 * tokens, plus the sampler's float32 logits for {@code --max-num-seqs} sequences), memory outside
 * PyTorch and the CUDA graphs come off it, and what is left becomes KV cache blocks of {@code
 * blockSizeTokens} tokens. vLLM refuses to start when the blocks cannot hold one sequence of {@code
 * --max-model-len} tokens.
 *
 * @param budget utilization × device memory
 * @param weights this rank's weights
 * @param activation the profile run's activation peak
 * @param nonTorch memory outside PyTorch's allocator
 * @param cudaGraph the captured CUDA graphs
 * @param kvCache what is left for KV cache blocks (0 when nothing is)
 * @param kvBytesPerToken one token's keys and values on this rank (2 × layers × KV heads on the
 *     rank × head size × 2 bytes)
 * @param blockBytes one block of {@code blockSizeTokens} tokens
 * @param blocks KV cache blocks
 * @param kvTokens tokens the blocks hold
 * @param maxModelLen {@code --max-model-len}
 * @param maxConcurrencyAtMaxModelLen sequences of {@code maxModelLen} tokens the blocks hold at
 *     once, as vLLM logs it ("Maximum concurrency for N tokens per request")
 * @param fits the weights fit and the blocks hold one sequence of {@code maxModelLen} tokens
 */
public record VllmMemory(
    ByteSize budget,
    ByteSize weights,
    ByteSize activation,
    ByteSize nonTorch,
    ByteSize cudaGraph,
    ByteSize kvCache,
    long kvBytesPerToken,
    long blockBytes,
    long blocks,
    long kvTokens,
    int maxModelLen,
    double maxConcurrencyAtMaxModelLen,
    boolean fits) {

  /**
   * @param maxNumSeqs {@code --max-num-seqs}
   * @param maxNumBatchedTokens {@code --max-num-batched-tokens}
   */
  public static VllmMemory plan(
      Architecture a,
      VllmWeights w,
      Hardware hw,
      VllmConstants c,
      int tensorParallel,
      int maxModelLen,
      int maxNumSeqs,
      int maxNumBatchedTokens) {
    long budget = (long) Math.floor(c.gpuMemoryUtilization() * hw.memory().bytes());
    long weights = w.bytesPerRank(tensorParallel);
    long activation = activationBytes(a, c, tensorParallel, maxNumSeqs, maxNumBatchedTokens);
    long reserved = weights + activation + c.nonTorch().bytes() + c.cudaGraph().bytes();
    long kv = Math.max(0, budget - reserved);
    long perToken = kvBytesPerToken(a, tensorParallel);
    long blockBytes = perToken * c.blockSizeTokens();
    long blocks = kv / blockBytes;
    long tokens = blocks * c.blockSizeTokens();
    return new VllmMemory(
        ByteSize.ofBytes(budget),
        ByteSize.ofBytes(weights),
        ByteSize.ofBytes(activation),
        c.nonTorch(),
        c.cudaGraph(),
        ByteSize.ofBytes(kv),
        perToken,
        blockBytes,
        blocks,
        tokens,
        maxModelLen,
        (double) tokens / maxModelLen,
        weights < budget && tokens >= maxModelLen);
  }

  /**
   * One token's KV cache on one rank. The KV heads split over the ranks; with fewer heads than
   * ranks vLLM replicates them, so each rank keeps one.
   */
  public static long kvBytesPerToken(Architecture a, int tensorParallel) {
    long headsPerRank = Math.max(1, a.kvHeads() / tensorParallel);
    return 2L * a.layers() * headsPerRank * a.headDim() * 2;
  }

  /**
   * The profile run's activation peak: the largest live buffers of one layer's forward pass over
   * {@code maxNumBatchedTokens} tokens (a multiple of hidden + this rank's intermediate width), and
   * the sampler's float32 logits over this rank's share of the vocabulary for {@code maxNumSeqs}
   * sequences.
   */
  static long activationBytes(
      Architecture a, VllmConstants c, int tensorParallel, int maxNumSeqs, int maxTokens) {
    long width = a.hiddenSize() + a.intermediateSize() * a.expertsPerToken() / tensorParallel;
    double layer = c.activationBytesPerTokenWidth() * maxTokens * width;
    double logits = 4.0 * maxNumSeqs * a.vocabSize() / tensorParallel;
    return Math.round(layer + logits);
  }

  /** The KV blocks a sequence of {@code tokens} tokens takes. */
  public long blocksFor(long tokens, VllmConstants c) {
    return (tokens + c.blockSizeTokens() - 1) / c.blockSizeTokens();
  }

  /** Sequences of {@code tokens} tokens each the blocks hold at once. */
  public long sequencesHeld(long tokens, VllmConstants c) {
    return blocks / Math.max(1, blocksFor(tokens, c));
  }
}
