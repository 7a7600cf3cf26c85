package org.llmadvisor.service;

import java.util.List;

/**
 * What runs on this machine: one row per catalog model, those that run first (best quality, then
 * fastest), each at the best quantization that fits at a usable speed.
 *
 * @param verdict one sentence: the best model that runs, or why none does
 */
public record FitResponse(
    EstimateResponse.HardwareInfo hardware,
    long contextTokens,
    double minTokensPerSecond,
    String verdict,
    List<Row> models) {

  /**
   * One model at its best quantization.
   *
   * @param runs it fits in the device's memory and generates at least {@code minTokensPerSecond}
   * @param reason why it runs or not, with the numbers
   * @param quality the model's benchmark score (MMLU, percent) when the catalog has one
   */
  public record Row(
      String model,
      String name,
      long parameters,
      String quantization,
      boolean runs,
      String reason,
      long memoryBytes,
      boolean fits,
      int gpuLayers,
      int totalLayers,
      double generationTokensPerSecond,
      Double promptTokensPerSecond,
      Double quality,
      String qualityBenchmark) {}
}
