package org.llmadvisor.core.hardware;

import java.util.Optional;
import org.llmadvisor.core.units.ByteSize;

/**
 * A machine that runs a model: one GPU, an Apple chip with unified memory, or a CPU-only computer.
 *
 * @param memory device memory (GPU VRAM, Apple unified memory, or system RAM for a CPU)
 * @param memoryBandwidthGBps peak device memory bandwidth in GB/s (10^9 bytes per second)
 * @param fp16Tflops dense FP16 tensor throughput (FP16 accumulate where the vendor lists both); for
 *     Apple GPUs the GPU's FP32 = FP16 rate; for CPUs the vector FLOP/s; empty when unknown
 * @param fp32Tflops non-tensor FP32 (shader) throughput, which bounds the arithmetic of
 *     single-token generation; empty when unknown
 * @param hostMemoryBandwidthGBps bandwidth of the system RAM that takes layers a GPU cannot hold
 * @param tdpWatts board power, for energy costs; empty when not published
 * @param cpu for a CPU-only machine, its cores, clock, vector extensions and measurements; empty
 *     for GPUs, Apple chips and catalog CPU rows that give none (the CPU model then assumes enough
 *     threads to reach the bandwidth)
 */
public record Hardware(
    String id,
    String name,
    Kind kind,
    ByteSize memory,
    double memoryBandwidthGBps,
    Optional<Double> fp16Tflops,
    Optional<Double> fp32Tflops,
    double hostMemoryBandwidthGBps,
    Optional<Double> tdpWatts,
    String source,
    String note,
    Optional<CpuProfile> cpu) {

  /** Device class. */
  public enum Kind {
    GPU,
    APPLE,
    CPU
  }

  public Hardware {
    if (memoryBandwidthGBps <= 0 || !Double.isFinite(memoryBandwidthGBps)) {
      throw new IllegalArgumentException(
          "memoryBandwidthGBps must be > 0, was " + memoryBandwidthGBps);
    }
    if (hostMemoryBandwidthGBps <= 0 || !Double.isFinite(hostMemoryBandwidthGBps)) {
      throw new IllegalArgumentException(
          "hostMemoryBandwidthGBps must be > 0, was " + hostMemoryBandwidthGBps);
    }
    fp16Tflops = fp16Tflops == null ? Optional.empty() : fp16Tflops;
    fp32Tflops = fp32Tflops == null ? Optional.empty() : fp32Tflops;
    tdpWatts = tdpWatts == null ? Optional.empty() : tdpWatts;
    cpu = cpu == null ? Optional.empty() : cpu;
  }

  /** A device without a CPU profile. */
  public Hardware(
      String id,
      String name,
      Kind kind,
      ByteSize memory,
      double memoryBandwidthGBps,
      Optional<Double> fp16Tflops,
      Optional<Double> fp32Tflops,
      double hostMemoryBandwidthGBps,
      Optional<Double> tdpWatts,
      String source,
      String note) {
    this(
        id,
        name,
        kind,
        memory,
        memoryBandwidthGBps,
        fp16Tflops,
        fp32Tflops,
        hostMemoryBandwidthGBps,
        tdpWatts,
        source,
        note,
        Optional.empty());
  }

  /** This device with {@code profile} as its CPU profile. */
  public Hardware withCpu(CpuProfile profile) {
    return new Hardware(
        id,
        name,
        kind,
        memory,
        memoryBandwidthGBps,
        fp16Tflops,
        fp32Tflops,
        hostMemoryBandwidthGBps,
        tdpWatts,
        source,
        note,
        Optional.of(profile));
  }

  public Backend backend() {
    return switch (kind) {
      case GPU ->
          name.toUpperCase(java.util.Locale.ROOT).contains("AMD") ? Backend.ROCM : Backend.CUDA;
      case APPLE -> Backend.METAL;
      case CPU -> Backend.CPU;
    };
  }

  /** True when layers can be offloaded to a separate accelerator memory. */
  public boolean hasGpu() {
    return kind != Kind.CPU;
  }
}
