package org.llmadvisor.app.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.llmadvisor.app.config.Catalogs;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.Recommendation;

/** Runs the advisor on a validated advice request, and remembers what it recommended. */
@ApplicationScoped
public class AdviceService implements org.llmadvisor.app.plan.RecommendationLookup {

  private final Catalogs catalogs;

  @Inject
  public AdviceService(Catalogs catalogs) {
    this.catalogs = catalogs;
  }

  public Advice advise(AdviceRequestBody b) {
    Advice a = catalogs.advisor().advise(FieldPath.BODY.required(b).validate(catalogs));
    synchronized (recent) {
      a.recommendations().forEach(r -> recent.put(r.id().format(), r));
    }
    return a;
  }

  /** A recommendation from a recent advice, so a plan applied from it keeps its predictions. */
  @Override
  public Optional<Recommendation> recent(String id) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(id));
    }
  }

  private final java.util.Map<String, Recommendation> recent =
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Recommendation> e) {
          return size() > 5000;
        }
      };
}
