package org.llmadvisor.core.sizing;

import java.util.List;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;

/**
 * Everything an estimate depends on.
 *
 * @param quantization the recipe name ("Q4_K_M") or, for a GGUF file, its file type
 * @param tensors the model's tensors with their storage types (from a recipe or a GGUF file)
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
    long outputTokens) {

  public SizingRequest {
    tensors = List.copyOf(tensors);
  }
}
