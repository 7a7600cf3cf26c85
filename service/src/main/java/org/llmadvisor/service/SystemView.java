package org.llmadvisor.service;

import java.util.List;

/**
 * This machine as {@code GET /api/system}, {@code ./advisor system} and the MCP tool {@code system}
 * show it: what detection sees and what the memory measurements found.
 */
public record SystemView(
    String os,
    Cpu cpu,
    Memory memory,
    List<GpuView> gpus,
    UnifiedMemoryView unifiedMemory,
    Ollama ollama,
    MeasurementView measurement,
    List<String> notes) {

  public record Cpu(String model, int cores, int threads, List<String> instructionSets) {}

  /**
   * @param bandwidthGBps the bandwidth the speed model uses: {@code bandwidthMethod}'s figure
   */
  public record Memory(
      long totalBytes,
      long availableBytes,
      double bandwidthGBps,
      String bandwidthMethod,
      String measuredAt) {}

  public record GpuView(
      String vendor,
      String name,
      long memoryBytes,
      Long freeMemoryBytes,
      Double memoryBandwidthGBps,
      String source,
      boolean integrated,
      String catalogId) {}

  public record UnifiedMemoryView(long totalBytes, long gpuLimitBytes, String limitSource) {}

  public record Running(String model, long sizeBytes, long vramBytes) {}

  public record Ollama(
      String url, boolean reachable, String version, List<String> models, List<Running> running) {}

  /**
   * The measurements: plain read bandwidth with every hardware thread, a token's reads with the
   * physical cores and a barrier per layer ({@code speedModelUses} names the one in {@code
   * memory.bandwidthGBps}), and the cores' quantized dot products a second (billions a thread),
   * which give the clock of a CPU that reports none.
   */
  public record MeasurementView(
      double readBandwidthGBps,
      int readThreads,
      double tokenReadGBps,
      int tokenReadThreads,
      int layers,
      long bytesPerLayer,
      double millisPerToken,
      double syncMicrosPerLayer,
      Double dotProductGopsPerThread,
      String speedModelUses,
      String measuredAt,
      String file) {}
}
