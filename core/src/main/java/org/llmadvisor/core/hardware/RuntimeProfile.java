package org.llmadvisor.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.units.ByteSize;

/**
 * Constants of the runtime (Ollama on llama.cpp) that the memory model follows, read from {@code
 * catalog/runtime.json} where each carries its source.
 *
 * @param batchSize tokens per prompt-processing batch (Ollama's num_batch)
 * @param cudaMinimumMemory memory Ollama keeps free on a CUDA or ROCm GPU
 * @param metalMinimumMemory memory Ollama keeps free on Apple Metal
 * @param appleGpuMemoryFraction share of unified memory Metal lets the GPU wire by default
 * @param gpuOverhead extra reserve per GPU (OLLAMA_GPU_OVERHEAD)
 */
public record RuntimeProfile(
    int batchSize,
    ByteSize cudaMinimumMemory,
    ByteSize metalMinimumMemory,
    double appleGpuMemoryFraction,
    ByteSize gpuOverhead) {

  private static final long MIB = 1024L * 1024L;

  public static RuntimeProfile bundled() {
    try (InputStream in = RuntimeProfile.class.getResourceAsStream("/catalog/runtime.json")) {
      JsonNode n = new ObjectMapper().readTree(in).get("ollama");
      return new RuntimeProfile(
          n.get("numBatch").get("value").asInt(),
          ByteSize.ofBytes(n.get("cudaMinimumMemoryMiB").get("value").asLong() * MIB),
          ByteSize.ofBytes(n.get("metalMinimumMemoryMiB").get("value").asLong() * MIB),
          n.get("appleGpuMemoryFraction").get("value").asDouble(),
          ByteSize.ofBytes(n.get("gpuOverheadMiB").get("value").asLong() * MIB));
    } catch (IOException | NullPointerException e) {
      throw new CatalogException("bundled catalog/runtime.json is unreadable: " + e, e);
    }
  }

  public ByteSize minimumMemory(Backend b) {
    return switch (b) {
      case CUDA, ROCM -> cudaMinimumMemory;
      case METAL -> metalMinimumMemory;
      case CPU -> ByteSize.ZERO;
    };
  }
}
