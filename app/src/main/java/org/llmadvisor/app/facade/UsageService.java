package org.llmadvisor.app.facade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.app.ledger.CallStore;
import org.llmadvisor.app.ledger.CallTally;
import org.llmadvisor.app.ledger.LedgerDatabase;
import org.llmadvisor.app.plan.Plan;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.Measurements;

/**
 * Spend against the budget and, per deployment, what was measured beside what was predicted: one
 * answer for every door ({@code /api/usage}, MCP's {@code usage}).
 */
@ApplicationScoped
public class UsageService {

  @Inject CallStore calls;
  @Inject Budget budget;
  @Inject LedgerDatabase database;
  @Inject PlanService plans;

  public record Usage(
      String month,
      Double budgetUsd,
      BigDecimal spentUsd,
      BigDecimal reservedUsd,
      Double remainingUsd,
      long requests,
      String database,
      List<DeploymentUsage> deployments) {}

  public record DeploymentUsage(
      String deploymentId,
      String provider,
      long requests,
      long errors,
      long promptTokens,
      long completionTokens,
      BigDecimal costUsd,
      Measurements measured,
      Map<String, Double> predicted) {}

  /** The usage of {@code monthParam} (YYYY-MM), this month when null. */
  public Usage usage(String monthParam) {
    YearMonth month;
    try {
      month = monthParam == null ? Budget.month(Instant.now()) : YearMonth.parse(monthParam);
    } catch (DateTimeParseException e) {
      throw ApiException.badField("month", "must be YYYY-MM, was '" + monthParam + "'");
    }
    List<CallTally> tallies = calls.month(month);
    Plan plan = plans.active().orElse(null);
    List<DeploymentUsage> out = new ArrayList<>();
    tallies.forEach(t -> out.add(usage(t, plan)));
    var spend = budget.spend(month);
    Double budget = plan == null ? null : plan.monthlyBudgetUsd();
    return new Usage(
        month.toString(),
        budget,
        spend.spentUsd().stripTrailingZeros(),
        spend.reservedUsd().stripTrailingZeros(),
        budget == null
            ? null
            : budget - spend.spentUsd().doubleValue() - spend.reservedUsd().doubleValue(),
        tallies.stream().mapToLong(CallTally::requests).sum(),
        database.kind(),
        out);
  }

  private static DeploymentUsage usage(CallTally t, Plan plan) {
    String id = t.key().deploymentId();
    return new DeploymentUsage(
        id,
        t.provider(),
        t.requests(),
        t.errors(),
        t.promptTokens(),
        t.completionTokens(),
        t.costUsd().stripTrailingZeros(),
        t.measurements(),
        plan == null ? null : plan.predicted().get(id));
  }
}
