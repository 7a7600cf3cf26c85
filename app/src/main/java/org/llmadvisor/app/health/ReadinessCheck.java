package org.llmadvisor.app.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.llmadvisor.app.ledger.LedgerDatabase;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.app.routing.DeploymentRegistry;

/**
 * Ready when the ledger's database answers and, with a plan applied, at least one deployment of the
 * plan is ready (each is listed with its detail).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject LedgerDatabase ledger;
  @Inject PlanService plans;
  @Inject DeploymentRegistry registry;

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("advisor");
    boolean db = ledger.reachable();
    b.withData("ledger", ledger.kind() + (db ? " reachable" : " unreachable"));
    boolean anyReady = true;
    var plan = plans.active();
    if (plan.isPresent()) {
      anyReady = false;
      for (String id : plan.get().deploymentIds()) {
        var r =
            registry
                .find(id)
                .map(d -> d.ready())
                .orElse(org.llmadvisor.providers.Readiness.down("not configured"));
        b.withData(id, (r.ready() ? "ready: " : "not ready: ") + r.detail());
        anyReady |= r.ready();
      }
    } else {
      b.withData("plan", "none applied; /api/estimate and /api/advice work without one");
    }
    return b.status(db && anyReady).build();
  }
}
