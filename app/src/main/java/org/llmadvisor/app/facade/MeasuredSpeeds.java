package org.llmadvisor.app.facade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.app.ledger.CallStore;
import org.llmadvisor.app.ledger.CallTally;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.service.Measurements;

/**
 * Feeds measurements back into advice: a candidate served by a configured deployment (the cloud
 * model it calls, or the Ollama tag on the hardware it runs on) gets that deployment's measured
 * latency and speed beside the prediction.
 */
@ApplicationScoped
public class MeasuredSpeeds {

  @Inject CallStore calls;
  @Inject DeploymentRegistry registry;
  @Inject PlanService plans;

  public Map<String, Measurements> forCandidates(Advice advice) {
    Map<String, CallTally> byDeployment = new LinkedHashMap<>();
    for (CallTally t : calls.month(Budget.month(Instant.now()))) {
      if (t.requests() > t.errors()) {
        byDeployment.put(t.key().deploymentId(), t);
      }
    }
    Map<String, Measurements> out = new LinkedHashMap<>();
    for (Recommendation rec : advice.recommendations()) {
      deploymentFor(rec)
          .filter(byDeployment::containsKey)
          .ifPresent(id -> out.put(rec.id().format(), byDeployment.get(id).measurements()));
    }
    return out;
  }

  /** The configured deployment that runs this candidate, if any. */
  Optional<String> deploymentFor(Recommendation rec) {
    for (String id : registry.enabledIds()) {
      DeploymentSettings s = registry.settings(id).orElse(null);
      if (s == null || s.model() == null) {
        continue;
      }
      boolean match =
          switch (rec.provider()) {
            // a local candidate is served by a deployment of its engine on its hardware
            case "ollama", "vllm" ->
                s.provider().key().equals(rec.provider())
                    && rec.modelId().equals(s.model())
                    && rec.local()
                        .map(
                            l ->
                                s.hardware().map(l.hardwareId()::equals).orElse(true)
                                    // a rented device is not the server configured here
                                    && l.acquisition() != Acquisition.RENT)
                        .orElse(false);
            default -> s.provider().key().equals(rec.provider()) && rec.modelId().equals(s.model());
          };
      if (match) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
