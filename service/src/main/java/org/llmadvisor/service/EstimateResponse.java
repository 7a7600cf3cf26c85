package org.llmadvisor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Result of {@code POST /api/estimate}; byte counts are exact integers, speeds per second.
 *
 * @param engine {@code ollama} or {@code vllm}
 * @param vllm for engine vllm: its arguments, memory budget and KV blocks; null for Ollama
 */
public record EstimateResponse(
    ModelInfo model,
    HardwareInfo hardware,
    String quantization,
    Parameters parameters,
    Memory memory,
    Speed speed,
    List<String> basis,
    String engine,
    Vllm vllm) {

  /**
   * vLLM's side of an estimate (per GPU where a size is given).
   *
   * @param tensorParallel {@code --tensor-parallel-size}
   * @param maxModelLen {@code --max-model-len}
   * @param maxNumSeqs {@code --max-num-seqs} in force (vLLM's default on this GPU)
   * @param maxNumBatchedTokens {@code --max-num-batched-tokens} in force
   * @param gpuMemoryUtilization {@code --gpu-memory-utilization}
   * @param budgetBytes utilization × device memory
   * @param activationBytes the profile run's activation peak
   * @param nonTorchBytes memory outside PyTorch
   * @param cudaGraphBytes the CUDA graphs
   * @param kvCacheBytes what is left for KV cache
   * @param kvBlocks KV cache blocks
   * @param blockTokens tokens per block
   * @param kvTokens tokens the blocks hold
   * @param maxConcurrencyAtMaxModelLen sequences of maxModelLen tokens the blocks hold
   * @param maxConcurrentSequences requests of promptTokens + outputTokens vLLM runs at once
   * @param runningSequences requests running together at {@code parallel}
   * @param stepMs the mean engine step at that load
   */
  public record Vllm(
      int tensorParallel,
      int maxModelLen,
      int maxNumSeqs,
      int maxNumBatchedTokens,
      double gpuMemoryUtilization,
      long budgetBytes,
      long activationBytes,
      long nonTorchBytes,
      long cudaGraphBytes,
      long kvCacheBytes,
      long kvBlocks,
      int blockTokens,
      long kvTokens,
      double maxConcurrencyAtMaxModelLen,
      long maxConcurrentSequences,
      int runningSequences,
      Double stepMs) {}

  /**
   * @param resolvedFrom which catalog rows or file the model name was read from
   * @param quantizedOn the day whose llama.cpp recipes typed the tensors, when not today's
   * @param recipeRevision the llama.cpp recipe revision in force that day
   */
  public record ModelInfo(
      String id,
      String name,
      ObjectNode architecture,
      String resolvedFrom,
      String quantizedOn,
      String recipeRevision) {}

  /**
   * @param threads the CPU threads given, or this machine's physical cores; null when neither
   * @param measured for {@code "local"}: the measurement its speeds come from; null otherwise
   */
  public record HardwareInfo(
      String id,
      String name,
      String kind,
      long memoryBytes,
      double memoryBandwidthGBps,
      Double fp16Tflops,
      Double tdpWatts,
      Integer threads,
      Measured measured) {}

  /**
   * This machine's measurement.
   *
   * @param bandwidthMethod the figure the speed model uses ({@code token-read}), in {@code
   *     bandwidthGBps}
   * @param readBandwidthGBps plain reads with every hardware thread, for comparison
   * @param detected what detection found, in words
   */
  public record Measured(
      String bandwidthMethod,
      double bandwidthGBps,
      int tokenReadThreads,
      double readBandwidthGBps,
      int readThreads,
      String measuredAt,
      String detected) {}

  public record Parameters(
      long total, long weights, long biases, long activePerToken, Map<String, Part> byComponent) {}

  public record Part(long weights, long biases, long total) {}

  public record Memory(
      long weightsBytes,
      long kvCacheBytes,
      long computeBufferBytes,
      long overheadBytes,
      long totalBytes,
      boolean fits,
      int gpuLayers,
      int totalLayers,
      long gpuBytes,
      long cpuBytes,
      long deviceCapacityBytes,
      int devices,
      long largestDeviceBytes,
      long contextTokens) {}

  /**
   * @param generationTokensPerSecond one sequence decoding alone
   * @param aggregateGenerationTokensPerSecond all {@code parallel} sequences decoding together,
   *     summed; null when {@code parallel} is 1
   * @param generationTokensPerSecondEach what each of them gets then; null when {@code parallel} is
   *     1
   * @param limit what binds a generation step of one sequence: {@code memory} or {@code compute}
   */
  public record Speed(
      Double promptTokensPerSecond,
      double generationTokensPerSecond,
      Double aggregateGenerationTokensPerSecond,
      Double generationTokensPerSecondEach,
      double timeToFirstTokenMs,
      double totalLatencyMs,
      String limit) {}
}
