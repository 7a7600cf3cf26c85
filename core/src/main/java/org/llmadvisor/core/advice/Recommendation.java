package org.llmadvisor.core.advice;

import java.util.List;
import org.llmadvisor.core.cost.CostBreakdown;

/**
 * One candidate deployment with its predictions, the constraints it meets, and why — in words with
 * the numbers.
 *
 * @param id stable id: {@code ollama/<tag>@<hardware>[:buy|:rent]}, {@code openai/<model>}, {@code
 *     azure/<model>}
 * @param modelId the Ollama tag or the cloud model name
 * @param preset the architecture preset of a local model, else null
 * @param meetsCapacity fits in memory and context, and within the provider's rate limits
 */
public record Recommendation(
    String id,
    String kind,
    String provider,
    String model,
    String modelId,
    String preset,
    String quantization,
    String hardware,
    String hardwareId,
    String acquisition,
    Predicted predicted,
    Double quality,
    Long parameters,
    boolean meetsLatency,
    boolean meetsBudget,
    boolean meetsQuality,
    boolean meetsDataLocality,
    boolean meetsCapacity,
    List<String> reasons,
    CostBreakdown cost) {

  public Recommendation {
    reasons = List.copyOf(reasons);
  }

  public boolean meetsAll() {
    return meetsLatency && meetsBudget && meetsQuality && meetsDataLocality && meetsCapacity;
  }

  int violations() {
    return (meetsLatency ? 0 : 1)
        + (meetsBudget ? 0 : 1)
        + (meetsQuality ? 0 : 1)
        + (meetsDataLocality ? 0 : 1)
        + (meetsCapacity ? 0 : 1);
  }
}
