package org.llmadvisor.core.speed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Work a llama.cpp server does on its host for every sequence of a step, one slot after another on
 * its one thread, which kernel benchmarks such as llama-bench leave out: picking the next token
 * from the logits (the sampler chain walks every entry of the vocabulary). Read from {@code
 * catalog/speed-calibration.json} ({@code serving}).
 *
 * @param samplingNsPerVocabEntry sampling time per token per vocabulary entry, in nanoseconds
 */
public record ServingCosts(double samplingNsPerVocabEntry) {

  public static final ServingCosts BUNDLED = read();

  public ServingCosts {
    if (!(samplingNsPerVocabEntry >= 0)) {
      throw new IllegalArgumentException(
          "samplingNsPerVocabEntry must be >= 0, was " + samplingNsPerVocabEntry);
    }
  }

  /** Milliseconds of host work per sequence per step for a vocabulary of {@code vocab}. */
  public double msPerSequence(long vocab) {
    return samplingNsPerVocabEntry * vocab / 1e6;
  }

  private static ServingCosts read() {
    JsonNode n =
        SpeedCalibration.bundledFile()
            .path("serving")
            .path("samplingNsPerVocabEntry")
            .path("value");
    if (!n.isNumber()) {
      throw new org.llmadvisor.core.data.CatalogException(
          "bundled catalog/speed-calibration.json: serving.samplingNsPerVocabEntry is missing");
    }
    return new ServingCosts(n.asDouble());
  }
}
