package org.llmadvisor.app.plan;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.app.routing.RoutingPolicy;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * Applies a plan: checks the request, resolves it onto configured deployments, then has it prepared
 * in the background (Ollama pulls and warm-ups with visible progress), after which {@code model:
 * "auto"} routes to it. The one door the API, the MCP tools, the health check and the shared
 * services use; the work is done by {@link ValidatedPlanRequest}, {@link RecommendationResolver},
 * {@link PlanPreparer}, {@link ActivePlan} and {@link PlanStatusFeed}.
 */
@ApplicationScoped
public class PlanService implements RoutingPolicy.Source {

  private final DeploymentRegistry registry;
  private final RecommendationLookup advice;
  private final DerivedDeployments derived;
  private final PlanPreparer preparer;
  private final ActivePlan active;
  private final PlanStatusFeed feed;
  private final Clock clock;

  @Inject
  public PlanService(
      DeploymentRegistry registry,
      RecommendationLookup advice,
      DerivedDeployments derived,
      PlanPreparer preparer,
      ActivePlan active,
      PlanStatusFeed feed,
      Clock clock) {
    this.registry = registry;
    this.advice = advice;
    this.derived = derived;
    this.preparer = preparer;
    this.active = active;
    this.feed = feed;
    this.clock = clock;
  }

  @Override
  public Optional<RoutingPolicy> current() {
    return active()
        .map(
            p ->
                new RoutingPolicy(
                    p.deploymentIds(),
                    p.latencyTargetMs(),
                    p.firstTokenTarget(),
                    p.monthlyBudgetUsd(),
                    PredictedFigures.contextPerSlot(p.predicted())));
  }

  public Optional<Plan> active() {
    return active.get();
  }

  public PlanStatus status() {
    return feed.current();
  }

  /** The status now, then each change, until the plan is active or failed. */
  public Multi<PlanStatus> statusUntilSettled() {
    return feed.untilSettled();
  }

  /** Validates and resolves the plan now (4xx on bad input), then prepares it in the background. */
  public PlanStatus apply(PlanRequest request) {
    ValidatedPlanRequest r = ValidatedPlanRequest.of(request);
    List<String> ids = new ArrayList<>();
    List<Plan.Derived> made = new ArrayList<>();
    Map<String, Map<String, Double>> predicted = new LinkedHashMap<>();
    List<String> warnings = List.of();
    if (r.byRecommendation()) {
      RecommendationResolver.Resolved resolved =
          new RecommendationResolver(enabledSettings(), advice::vllm).resolve(r.recommendationId());
      Plan.Derived d = resolved.deployment();
      warnings = resolved.warnings();
      made.add(d);
      ids.add(d.id());
      advice
          .predicted(r.recommendationId().trim())
          .ifPresent(f -> predicted.put(d.id(), f.values()));
      List<String> fallbacks =
          r.fallbackIds() != null ? r.fallbackIds() : defaultFallbacks(d.baseDeploymentId());
      for (int i = 0; i < fallbacks.size(); i++) {
        ids.add(configured(fallbacks.get(i), "fallbackIds[" + i + "]"));
      }
    } else {
      for (int i = 0; i < r.deploymentIds().size(); i++) {
        ids.add(configured(r.deploymentIds().get(i), "deploymentIds[" + i + "]"));
      }
    }
    List<String> unique = ids.stream().distinct().toList();
    Plan plan =
        new Plan(
            unique,
            r.latencyTargetMs(),
            r.firstTokenTarget(),
            r.monthlyBudgetUsd(),
            r.recommendationId(),
            made,
            predicted,
            clock.instant());
    made.forEach(derived::register);
    List<PlanStatus.Step> steps = preparer.queued(unique);
    PlanStatus preparing =
        new PlanStatus(
            "preparing", steps, "preparing " + unique.size() + " deployment(s)", plan, warnings);
    feed.publish(preparing);
    preparer.start(plan, warnings, steps);
    return preparing;
  }

  private List<DeploymentSettings> enabledSettings() {
    return registry.configured().values().stream()
        .filter(s -> registry.find(s.id()).map(MeteredDeployment::enabled).orElse(false))
        .toList();
  }

  private List<String> defaultFallbacks(String exclude) {
    return registry.enabledIds().stream()
        .filter(id -> !id.equals(exclude) && registry.settings(id).isPresent())
        .filter(id -> !id.contains("/"))
        .sorted(
            Comparator.comparing(
                    (String id) -> registry.find(id).get().kind() == DeploymentKind.LOCAL ? 0 : 1)
                .thenComparing(x -> x))
        .toList();
  }

  private String configured(String id, String field) {
    if (id == null || registry.find(id).isEmpty()) {
      throw new PlanException(
          400,
          field,
          field
              + " '"
              + id
              + "' is not a configured deployment; configured: "
              + registry.enabledIds());
    }
    if (!registry.find(id).get().enabled()) {
      throw new PlanException(
          400,
          field,
          field + " '" + id + "' is disabled: " + registry.find(id).get().ready().detail());
    }
    return id;
  }
}
