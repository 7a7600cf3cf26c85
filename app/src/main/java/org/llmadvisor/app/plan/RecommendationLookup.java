package org.llmadvisor.app.plan;

import java.util.Optional;
import org.llmadvisor.core.advice.Recommendation;

/**
 * Finds a recommendation a recent advice produced, so a plan applied from its id keeps its
 * predictions.
 */
public interface RecommendationLookup {

  Optional<Recommendation> recent(String recommendationId);
}
