package org.llmadvisor.app.plan;

import java.util.Optional;
import org.llmadvisor.app.plan.PredictedFigures.Figures;

/**
 * Finds what a recent advice predicted for a recommendation id, so a plan applied from it keeps
 * those predictions to show beside what is measured.
 */
public interface RecommendationLookup {

  Optional<Figures> predicted(String recommendationId);
}
