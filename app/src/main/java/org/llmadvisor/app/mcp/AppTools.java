package org.llmadvisor.app.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.llmadvisor.app.facade.AdviceService;
import org.llmadvisor.app.facade.MachineService;
import org.llmadvisor.app.facade.MeasuredSpeeds;
import org.llmadvisor.app.facade.UsageService;
import org.llmadvisor.app.plan.PlanException;
import org.llmadvisor.app.plan.PlanRequest;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.mcp.AdvisorTool;
import org.llmadvisor.mcp.AdvisorTools;
import org.llmadvisor.mcp.ToolSchemas;
import org.llmadvisor.service.AdviceResponse;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.ServiceJson;

/**
 * The tools the running app serves at {@code /mcp}: the advisor's own ({@link AdvisorTools}, with
 * the app's advice, which adds what configured deployments measured) plus the operator's: {@code
 * usage}, {@code plan_status} and {@code apply_plan}, on the same services as {@code /api/usage}
 * and {@code /api/plan}.
 */
@ApplicationScoped
public class AppTools {

  @Inject Catalogs catalogs;
  @Inject AdviceService advice;
  @Inject MeasuredSpeeds measured;
  @Inject MachineService system;
  @Inject UsageService usage;
  @Inject PlanService plans;

  /** Arguments of {@code usage}. */
  public record UsageArguments(String month) {}

  public List<AdvisorTool> tools() {
    List<AdvisorTool> all =
        new ArrayList<>(
            AdvisorTools.of(
                catalogs,
                body -> {
                  Advice a = advice.advise(body);
                  return new AdviceResponse(a, measured.forCandidates(a));
                },
                system::machine));
    all.add(
        new AdvisorTool(
            "usage",
            "Spend and measured latency",
            "This month's (or another month's) spend against the budget and, per configured"
                + " deployment, requests, errors, tokens, cost and measured p50/p95 time to first"
                + " token and latency beside what the advice predicted. Same answer as GET"
                + " /api/usage.",
            ToolSchemas.of(
                UsageArguments.class, Map.of("month", "YYYY-MM (default: the current month).")),
            true,
            plan(a -> usage.usage(ServiceJson.read(a, UsageArguments.class).month()))));
    all.add(
        new AdvisorTool(
            "plan_status",
            "Progress of the applied plan",
            "Whether the applied plan is preparing (Ollama pulling and warming the model, with"
                + " progress), active or failed, and which deployments serve /v1/chat/completions"
                + " with model \"auto\". Same answer as GET /api/plan/status.",
            ToolSchemas.none(),
            true,
            plan(
                a -> {
                  ServiceJson.read(a, AdvisorTools.NoArguments.class);
                  return plans.status();
                })));
    all.add(
        new AdvisorTool(
            "apply_plan",
            "Route traffic to a deployment",
            "Applies a plan: a recommendationId from advise (for example"
                + " \"ollama/llama2:7b-chat-q4_0@rtx-4090\"), or configured deployment ids in"
                + " order, the first serving and the others as fallbacks. The gateway then sends"
                + " model \"auto\" there; Ollama models are pulled in the background (follow with"
                + " plan_status). Same body and answer as POST /api/plan.",
            ToolSchemas.of(
                PlanRequest.class,
                Map.of(
                    "recommendationId", "A candidate id from advise's recommendations.",
                    "deploymentIds", "Configured deployment ids in order, instead of a candidate.",
                    "fallbackIds",
                        "Deployments to fall back to (default: the other configured ones).",
                    "latencyTargetMs", "p95 latency target the router keeps (default 10000).",
                    "latencyTarget", "end-to-end (default) or first-token.",
                    "monthlyBudgetUsd", "Budget for the month's cloud spend, US dollars.")),
            false,
            plan(a -> plans.apply(ServiceJson.read(a, PlanRequest.class)))));
    return List.copyOf(all);
  }

  /** A plan's refusal, in the API's words, as a refused argument. */
  private static <T> Function<T, Object> plan(Function<T, Object> call) {
    return a -> {
      try {
        return call.apply(a);
      } catch (PlanException e) {
        throw new ApiException(e.status(), e.field(), e.getMessage());
      }
    };
  }
}
