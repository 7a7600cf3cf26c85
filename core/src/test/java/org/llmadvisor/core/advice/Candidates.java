package org.llmadvisor.core.advice;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.UsdAmount;

/** Candidates built by hand, with only the numbers a test cares about. */
final class Candidates {

  private Candidates() {}

  /** A cloud offering priced per request only. */
  static Recommendation cloud(
      String model,
      double monthlyUsd,
      double usdPerRequest,
      double perMillionUsd,
      Double p95Ms,
      Double quality,
      Set<Constraint> unmet) {
    return new Recommendation(
        RecommendationId.cloud(RecommendationId.Provider.OPENAI, model),
        "openai",
        "OpenAI " + model,
        model,
        Optional.empty(),
        predicted(p95Ms, monthlyUsd, perMillionUsd),
        Optional.ofNullable(quality),
        unmet,
        List.of("by hand"),
        new CostBreakdown(
            monthlyUsd, 0, usdPerRequest, 0, 0, 0, perMillionUsd, List.of("by hand")));
  }

  /** A local candidate with a fixed monthly cost and a cost per request. */
  static Recommendation local(
      String tag,
      String preset,
      String hardwareId,
      Acquisition acquisition,
      double fixedMonthlyUsd,
      double usdPerRequest,
      double monthlyUsd,
      double perMillionUsd,
      Double p95Ms,
      Double quality,
      Set<Constraint> unmet) {
    return new Recommendation(
        RecommendationId.ollama(tag, hardwareId, acquisition),
        "ollama",
        preset + " Q4_K_M",
        tag,
        Optional.of(
            new LocalDeployment(
                preset,
                "Q4_K_M",
                "Card " + hardwareId,
                hardwareId,
                acquisition,
                7_000_000_000L,
                new LocalDeployment.MemoryPlacement(ByteSize.ofGB(5), true, 33, 33, 4096))),
        predicted(p95Ms, monthlyUsd, perMillionUsd),
        Optional.ofNullable(quality),
        unmet,
        List.of("by hand"),
        new CostBreakdown(
            monthlyUsd,
            fixedMonthlyUsd,
            usdPerRequest,
            fixedMonthlyUsd,
            0,
            0,
            perMillionUsd,
            List.of("by hand")));
  }

  private static Predicted predicted(Double p95Ms, double monthlyUsd, double perMillionUsd) {
    return new Predicted(
        p95Ms == null ? null : p95Ms / 2,
        p95Ms,
        p95Ms == null ? null : 100.0,
        p95Ms == null ? null : 200.0,
        50.0,
        UsdAmount.of(monthlyUsd),
        UsdAmount.of(perMillionUsd));
  }
}
