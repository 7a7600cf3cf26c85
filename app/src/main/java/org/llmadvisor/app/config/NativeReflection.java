package org.llmadvisor.app.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.catalog.RateLimits;
import org.llmadvisor.core.cost.CostBreakdown;

/** Core records the API serializes directly; a native image needs them registered. */
@RegisterForReflection(
    targets = {
      Advice.class,
      Advice.Relaxation.class,
      Advice.BreakEven.class,
      Advice.QualityPoint.class,
      Advice.Excluded.class,
      Recommendation.class,
      Recommendation.Json.class,
      Recommendation.Json.JsonPredicted.class,
      CostBreakdown.class,
      CloudOffering.class,
      RateLimits.class,
      Quality.class,
      OllamaTag.class
    })
public final class NativeReflection {
  private NativeReflection() {}
}
