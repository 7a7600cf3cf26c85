package org.llmadvisor.core.sizing;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.memory.RecipeRevision;
import org.llmadvisor.core.model.Architecture;

/**
 * Everything an estimate depends on.
 *
 * @param quantization the recipe name ("Q4_K_M") or, for a GGUF file, its file type
 * @param tensors the model's tensors with their storage types (from a recipe or a GGUF file)
 * @param devicesPerServer identical GPUs in the server that split the layers (llama.cpp's layer
 *     split mode); 1 for one device, and always 1 for an Apple chip or a CPU
 * @param threads CPU threads llama.cpp runs on a CPU-only machine; 0 for the default, the physical
 *     cores (what Ollama and llama.cpp use). Ignored on GPUs and Apple chips.
 * @param revision the llama.cpp recipe revision the tensors were typed by, empty when they come
 *     from a file; the shorter constructors take today's for a recipe name
 */
public record SizingRequest(
    Architecture architecture,
    String quantization,
    List<QuantizedTensor> tensors,
    long contextTokens,
    int parallel,
    KvCacheType kvCacheType,
    Hardware hardware,
    long promptTokens,
    long outputTokens,
    int devicesPerServer,
    int threads,
    Optional<RecipeRevision> revision) {

  public SizingRequest {
    tensors = List.copyOf(tensors);
    if (devicesPerServer < 1) {
      throw new IllegalArgumentException("devicesPerServer must be >= 1, was " + devicesPerServer);
    }
    if (devicesPerServer > 1 && hardware.kind() != Hardware.Kind.GPU) {
      throw new IllegalArgumentException(
          hardware.name()
              + " is one device per machine; devicesPerServer must be 1, was "
              + devicesPerServer);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0: the default), was " + threads);
    }
  }

  /** llama.cpp's default CPU threads, with the tensors typed by the given recipe revision. */
  public SizingRequest(
      Architecture architecture,
      String quantization,
      List<QuantizedTensor> tensors,
      long contextTokens,
      int parallel,
      KvCacheType kvCacheType,
      Hardware hardware,
      long promptTokens,
      long outputTokens,
      int devicesPerServer,
      Optional<RecipeRevision> revision) {
    this(
        architecture,
        quantization,
        tensors,
        contextTokens,
        parallel,
        kvCacheType,
        hardware,
        promptTokens,
        outputTokens,
        devicesPerServer,
        0,
        revision);
  }

  /**
   * llama.cpp's default CPU threads; tensors typed by today's recipe when {@code quantization}
   * names one.
   */
  public SizingRequest(
      Architecture architecture,
      String quantization,
      List<QuantizedTensor> tensors,
      long contextTokens,
      int parallel,
      KvCacheType kvCacheType,
      Hardware hardware,
      long promptTokens,
      long outputTokens,
      int devicesPerServer) {
    this(
        architecture,
        quantization,
        tensors,
        contextTokens,
        parallel,
        kvCacheType,
        hardware,
        promptTokens,
        outputTokens,
        devicesPerServer,
        0,
        QuantRecipe.parse(quantization).map(q -> RecipeRevision.latest()));
  }

  /** This request with {@code n} CPU threads (0: the default). */
  public SizingRequest withThreads(int n) {
    return new SizingRequest(
        architecture,
        quantization,
        tensors,
        contextTokens,
        parallel,
        kvCacheType,
        hardware,
        promptTokens,
        outputTokens,
        devicesPerServer,
        n,
        revision);
  }

  /** One device. */
  public SizingRequest(
      Architecture architecture,
      String quantization,
      List<QuantizedTensor> tensors,
      long contextTokens,
      int parallel,
      KvCacheType kvCacheType,
      Hardware hardware,
      long promptTokens,
      long outputTokens) {
    this(
        architecture,
        quantization,
        tensors,
        contextTokens,
        parallel,
        kvCacheType,
        hardware,
        promptTokens,
        outputTokens,
        1);
  }
}
