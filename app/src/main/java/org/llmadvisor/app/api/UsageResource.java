package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmadvisor.app.ledger.Ledger;
import org.llmadvisor.app.plan.Plan;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.providers.metering.CallRecord;

/** Spend against the budget and, per deployment, what was measured beside what was predicted. */
@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

  @Inject Ledger ledger;
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
      Measured measured,
      Map<String, Double> predicted) {}

  /** Measured over the month's successful calls. */
  public record Measured(
      Double p50TimeToFirstTokenMs,
      Double p95TimeToFirstTokenMs,
      Double p50LatencyMs,
      Double p95LatencyMs,
      Double generationTokensPerSecond) {}

  @GET
  public Usage usage(@QueryParam("month") String monthParam) {
    YearMonth month;
    try {
      month = monthParam == null ? Ledger.month(Instant.now()) : YearMonth.parse(monthParam);
    } catch (DateTimeParseException e) {
      throw ApiException.badField("month", "must be YYYY-MM, was '" + monthParam + "'");
    }
    List<Ledger.Row> rows = ledger.records(month);
    Map<String, List<CallRecord>> by = new LinkedHashMap<>();
    rows.forEach(
        r -> by.computeIfAbsent(r.record().deploymentId(), k -> new ArrayList<>()).add(r.record()));
    Plan plan = plans.active().orElse(null);
    List<DeploymentUsage> out = new ArrayList<>();
    by.forEach((id, recs) -> out.add(usage(id, recs, plan)));
    var spend = ledger.spend(month);
    Double budget = plan == null ? null : plan.monthlyBudgetUsd();
    return new Usage(
        month.toString(),
        budget,
        spend.spentUsd().stripTrailingZeros(),
        spend.reservedUsd().stripTrailingZeros(),
        budget == null
            ? null
            : budget - spend.spentUsd().doubleValue() - spend.reservedUsd().doubleValue(),
        rows.size(),
        ledger.kind(),
        out);
  }

  private static DeploymentUsage usage(String id, List<CallRecord> recs, Plan plan) {
    var m = org.llmadvisor.app.ledger.Measurements.of(recs);
    return new DeploymentUsage(
        id,
        recs.get(0).provider(),
        recs.size(),
        recs.size() - m.requests(),
        recs.stream().mapToLong(CallRecord::promptTokens).sum(),
        recs.stream().mapToLong(CallRecord::completionTokens).sum(),
        recs.stream()
            .map(CallRecord::costUsd)
            .reduce(BigDecimal.ZERO, BigDecimal::add)
            .stripTrailingZeros(),
        new Measured(
            m.p50TimeToFirstTokenMs(),
            m.p95TimeToFirstTokenMs(),
            m.p50LatencyMs(),
            m.p95LatencyMs(),
            m.generationTokensPerSecond()),
        plan == null ? null : plan.predicted().get(id));
  }
}
