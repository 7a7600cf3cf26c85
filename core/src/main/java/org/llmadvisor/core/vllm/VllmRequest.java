package org.llmadvisor.core.vllm;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;

/**
 * What is being served and how: the model, its weight format, one server's GPUs, vLLM's arguments
 * and the load.
 *
 * @param tensorParallel {@code --tensor-parallel-size}: GPUs of one server that split every layer
 * @param maxModelLen {@code --max-model-len}
 * @param concurrency requests in flight at once (a benchmark's {@code --max-concurrency})
 * @param promptTokens tokens of each request's prompt
 * @param outputTokens tokens each request generates
 * @param maxNumSeqs {@code --max-num-seqs}; empty for vLLM's default on this GPU
 * @param gpuMemoryUtilization {@code --gpu-memory-utilization}; empty for vLLM's default
 */
public record VllmRequest(
    Architecture architecture,
    VllmFormat format,
    Hardware hardware,
    int tensorParallel,
    int maxModelLen,
    int concurrency,
    long promptTokens,
    long outputTokens,
    OptionalInt maxNumSeqs,
    OptionalDouble gpuMemoryUtilization) {

  public VllmRequest {
    if (tensorParallel < 1) {
      throw new VllmException(
          "tensorParallel", "tensorParallel must be >= 1, was " + tensorParallel);
    }
    if (maxModelLen < 1) {
      throw new VllmException("maxModelLen", "maxModelLen must be >= 1, was " + maxModelLen);
    }
    if (concurrency < 1) {
      throw new VllmException("concurrency", "concurrency must be >= 1, was " + concurrency);
    }
    if (promptTokens < 0) {
      throw new VllmException("promptTokens", "promptTokens must be >= 0, was " + promptTokens);
    }
    if (outputTokens < 1) {
      throw new VllmException("outputTokens", "outputTokens must be >= 1, was " + outputTokens);
    }
    if (promptTokens + outputTokens > maxModelLen) {
      throw new VllmException(
          "maxModelLen",
          "maxModelLen ("
              + maxModelLen
              + ") must hold promptTokens + outputTokens ("
              + (promptTokens + outputTokens)
              + "): vLLM refuses longer requests");
    }
    if (maxNumSeqs.isPresent() && maxNumSeqs.getAsInt() < 1) {
      throw new VllmException("maxNumSeqs", "maxNumSeqs must be >= 1, was " + maxNumSeqs);
    }
    double u = gpuMemoryUtilization.orElse(0.5);
    if (!(u > 0 && u <= 1)) {
      throw new VllmException(
          "gpuMemoryUtilization",
          "gpuMemoryUtilization must be in (0, 1], was " + gpuMemoryUtilization);
    }
  }

  /** With vLLM's defaults for {@code --max-num-seqs} and {@code --gpu-memory-utilization}. */
  public VllmRequest(
      Architecture architecture,
      VllmFormat format,
      Hardware hardware,
      int tensorParallel,
      int maxModelLen,
      int concurrency,
      long promptTokens,
      long outputTokens) {
    this(
        architecture,
        format,
        hardware,
        tensorParallel,
        maxModelLen,
        concurrency,
        promptTokens,
        outputTokens,
        OptionalInt.empty(),
        OptionalDouble.empty());
  }
}
