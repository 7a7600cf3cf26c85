package org.llmadvisor.core.memory;

import org.llmadvisor.core.units.ByteSize;

/**
 * Where a model's memory goes on a device, and how much of it the device holds.
 *
 * @param weights every tensor of the model file
 * @param kvCache keys and values for context × parallel sequences
 * @param computeBuffer the runtime's scratch memory for one batch (llama.cpp's compute graph), on
 *     every device
 * @param overhead memory the runtime keeps in reserve on each GPU (minimum free memory and a buffer
 *     the size of one layer); zero on a CPU
 * @param total weights + kvCache + computeBuffer + overhead
 * @param fits every layer and the output head are on the accelerator (or, CPU-only, everything is
 *     in RAM)
 * @param gpuLayers layers on the GPU, counting the output head as one layer as llama.cpp does
 * @param totalLayers repeating layers + 1 (the output head)
 * @param gpuBytes memory the GPU holds
 * @param cpuBytes memory left in system RAM
 * @param deviceCapacity memory one device offers the model (for Apple, the GPU's working set)
 * @param gpuWeightBytesPerToken weight bytes read from GPU memory per generated token
 * @param cpuWeightBytesPerToken weight bytes read from system RAM per generated token
 * @param devices GPUs in the server that split the layers (1 for one device, an Apple chip or a
 *     CPU); {@code computeBuffer} and {@code overhead} count every one
 * @param largestDeviceBytes memory the fullest GPU holds; zero on a CPU
 * @param cpuRepacked weights llama.cpp copies into its interleaved CPU layout at load time ({@link
 *     CpuRepack}); counted once in {@code total}, which is what Ollama holds (it loads CPU-only
 *     models without memory-mapping them), and a second time in {@link #residentWithMmap()}
 */
public record MemoryEstimate(
    ByteSize weights,
    ByteSize kvCache,
    ByteSize computeBuffer,
    ByteSize overhead,
    ByteSize total,
    boolean fits,
    int gpuLayers,
    int totalLayers,
    ByteSize gpuBytes,
    ByteSize cpuBytes,
    ByteSize deviceCapacity,
    long gpuWeightBytesPerToken,
    long cpuWeightBytesPerToken,
    int devices,
    ByteSize largestDeviceBytes,
    ByteSize cpuRepacked) {

  /**
   * Resident memory when llama.cpp memory-maps the file (its default): the mapped file, of which
   * the originals of repacked weights stay mapped (clean pages the kernel may drop under pressure),
   * plus the repacked copy, KV cache and buffers.
   */
  public ByteSize residentWithMmap() {
    return total.plus(cpuRepacked);
  }

  /** Repeating layers that run on the CPU. */
  public int cpuLayers() {
    return totalLayers - gpuLayers;
  }
}
