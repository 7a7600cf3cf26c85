package org.llmadvisor.app.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.llmadvisor.core.units.Wording;

/**
 * Which deployments a call for a model may go to, in order: a named deployment alone; for {@code
 * auto}, the plan's order with those whose measured p95 misses the target moved behind those that
 * meet it, and open circuits last.
 */
final class CandidateOrder {

  private final DeploymentLookup registry;
  private final Supplier<Optional<RoutingPolicy>> activePlan;
  private final CircuitBreakers breakers;
  private final LatencyWindows windows;

  CandidateOrder(
      DeploymentLookup registry,
      Supplier<Optional<RoutingPolicy>> activePlan,
      CircuitBreakers breakers,
      LatencyWindows windows) {
    this.registry = registry;
    this.activePlan = activePlan;
    this.breakers = breakers;
    this.windows = windows;
  }

  /**
   * Deployments to try for {@code model}, in order; the reason any was moved is added to {@code
   * notes}.
   *
   * @throws RoutingFailure when the model is missing or unknown, or {@code auto} has no plan
   */
  List<String> of(String model, List<String> notes) {
    if (model == null || model.isBlank()) {
      throw RoutingFailures.missingModel();
    }
    if (!"auto".equals(model)) {
      if (registry.find(model).isEmpty()) {
        throw RoutingFailures.unknownModel(model, registry.enabledIds());
      }
      return List.of(model);
    }
    RoutingPolicy plan = activePlan.get().orElseThrow(RoutingFailures::noPlan);
    List<String> meeting = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String id : plan.deploymentIds()) {
      if (breakers.isOpen(id)) {
        open.add(id);
        notes.add(id + ": circuit open after repeated failures");
        continue;
      }
      OptionalDouble p95 = windows.p95(id, plan.firstTokenTarget());
      if (p95.isPresent() && p95.getAsDouble() > plan.latencyTargetMs()) {
        slow.add(id);
        notes.add(
            id
                + Wording.f(
                    ": measured p95 %.0f ms over the %.0f ms target",
                    p95.getAsDouble(), plan.latencyTargetMs()));
      } else {
        meeting.add(id);
      }
    }
    List<String> order = new ArrayList<>(meeting);
    order.addAll(slow);
    // an open circuit is a last resort, not a ban: better a probe than no answer
    order.addAll(open);
    return order;
  }
}
