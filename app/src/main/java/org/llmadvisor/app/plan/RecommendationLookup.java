package org.llmadvisor.app.plan;

import java.util.Optional;
import org.llmadvisor.app.plan.PredictedFigures.Figures;
import org.llmadvisor.core.advice.VllmServing;

/**
 * Finds what a recent advice predicted for a recommendation id, so a plan applied from it keeps
 * those predictions to show beside what is measured.
 */
public interface RecommendationLookup {

  Optional<Figures> predicted(String recommendationId);

  /**
   * The vLLM server arguments a recent advice sized a {@code vllm/...} recommendation with; empty
   * for any other id, and for a vLLM id no recent advice returned.
   */
  default Optional<VllmServing> vllm(String recommendationId) {
    return Optional.empty();
  }
}
