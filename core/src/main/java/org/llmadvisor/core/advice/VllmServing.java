package org.llmadvisor.core.advice;

import java.util.Objects;
import java.util.Optional;

/**
 * How vLLM serves a local candidate: the arguments of {@code vllm serve}, which a plan writes into
 * its compose and Kubernetes files as they are.
 *
 * @param model the Hugging Face repository served ({@code --model}), whose weights are in {@code
 *     dtype} or, when {@code quantization} is given, in that quantized format
 * @param dtype {@code bfloat16} or {@code float16} ({@code --dtype}): the activations, and the
 *     weights when not quantized
 * @param quantization {@code fp8}, {@code awq} or {@code gptq} ({@code --quantization}); empty for
 *     16-bit weights
 * @param tensorParallelSize GPUs of one server that split every layer ({@code
 *     --tensor-parallel-size}), the shape's devices per server
 * @param maxModelLen the context of one sequence ({@code --max-model-len})
 * @param maxNumSeqs sequences decoded together in one step ({@code --max-num-seqs})
 * @param gpuMemoryUtilization the share of each GPU's memory vLLM takes ({@code
 *     --gpu-memory-utilization}), weights and KV cache blocks inside it
 */
public record VllmServing(
    String model,
    String dtype,
    Optional<String> quantization,
    int tensorParallelSize,
    int maxModelLen,
    int maxNumSeqs,
    double gpuMemoryUtilization) {

  public VllmServing {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(quantization, "quantization");
    if (tensorParallelSize < 1 || maxModelLen < 1 || maxNumSeqs < 1) {
      throw new IllegalArgumentException(
          "tensorParallelSize, maxModelLen and maxNumSeqs must be >= 1, were "
              + tensorParallelSize
              + ", "
              + maxModelLen
              + ", "
              + maxNumSeqs);
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException(
          "gpuMemoryUtilization must be in (0, 1], was " + gpuMemoryUtilization);
    }
  }

  /** The JSON shape in {@code /api/advice}: the quantization null when the weights are 16-bit. */
  public Json json() {
    return new Json(
        model,
        dtype,
        quantization.orElse(null),
        tensorParallelSize,
        maxModelLen,
        maxNumSeqs,
        gpuMemoryUtilization);
  }

  /** See {@link VllmServing}. */
  public record Json(
      String model,
      String dtype,
      String quantization,
      int tensorParallelSize,
      int maxModelLen,
      int maxNumSeqs,
      double gpuMemoryUtilization) {}
}
