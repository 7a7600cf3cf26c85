package org.llmadvisor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Result of {@code POST /api/estimate}; byte counts are exact integers, speeds per second. */
public record EstimateResponse(
    ModelInfo model,
    HardwareInfo hardware,
    String quantization,
    Parameters parameters,
    Memory memory,
    Speed speed,
    List<String> basis) {

  public record ModelInfo(String id, String name, ObjectNode architecture) {}

  public record HardwareInfo(
      String id,
      String name,
      String kind,
      long memoryBytes,
      double memoryBandwidthGBps,
      Double fp16Tflops) {}

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

  public record Speed(
      Double promptTokensPerSecond,
      double generationTokensPerSecond,
      double timeToFirstTokenMs,
      double totalLatencyMs) {}
}
