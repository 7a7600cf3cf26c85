package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * When no candidate meets every constraint: for each constraint the team could relax, the candidate
 * that meets all the others with the mildest relaxation, and the value that would admit it.
 * Capacity is never offered: a model that does not load cannot be wished into memory.
 */
final class Relaxations {

  private Relaxations() {}

  /**
   * One constraint that can be relaxed.
   *
   * @param field the request field the suggestion changes
   * @param applies whether the request sets this constraint at all
   * @param measure how far a candidate is from admitted: the smallest wins; empty when it cannot be
   *     told (no latency or no score), which leaves the candidate out
   * @param value the value to suggest for the winner
   * @param message the suggestion in words
   */
  record Kind(
      String field,
      Constraint relaxed,
      Predicate<AdviceRequest> applies,
      BiFunction<Recommendation, AdviceRequest, Optional<Double>> measure,
      BiFunction<Recommendation, AdviceRequest, Double> value,
      BiFunction<Recommendation, AdviceRequest, String> message) {}

  /** In the order the suggestions are shown. */
  static final List<Kind> KINDS =
      List.of(
          new Kind(
              "monthlyBudgetUsd",
              Constraint.BUDGET,
              r -> true,
              (x, r) -> Optional.of(x.predicted().monthlyCost().toDouble()),
              (x, r) -> x.predicted().monthlyCost().roundedToCents().toDouble(),
              (x, r) ->
                  f(
                      "Raise the monthly budget to $%,.2f: %s then meets every other target.",
                      x.predicted().monthlyCost().toDouble(), x.label())),
          new Kind(
              "latencyTargetMs",
              Constraint.LATENCY,
              r -> true,
              (x, r) -> latency(x, r),
              (x, r) -> Math.ceil(latency(x, r).orElseThrow()),
              (x, r) ->
                  f(
                      "Relax the p95 %s target to %,.0f ms: %s then meets every other target.",
                      r.latencyTarget() == LatencyTarget.FIRST_TOKEN ? "first token" : "end-to-end",
                      Math.ceil(latency(x, r).orElseThrow()),
                      x.label())),
          new Kind(
              "qualityFloor",
              Constraint.QUALITY,
              r -> r.qualityFloor().isPresent(),
              // the best score is the mildest lowering of the floor
              (x, r) -> x.quality().map(q -> -q),
              (x, r) -> x.quality().orElseThrow(),
              (x, r) ->
                  f(
                      "Lower the quality floor to %.1f: %s then meets every other target.",
                      x.quality().orElseThrow(), x.label())),
          new Kind(
              "dataMustStayLocal",
              Constraint.DATA_LOCALITY,
              AdviceRequest::dataMustStayLocal,
              (x, r) -> Optional.of(x.predicted().monthlyCost().toDouble()),
              (x, r) -> 0.0,
              (x, r) ->
                  f(
                      "Allow data to leave the premises: %s meets every other target at $%,.2f a month.",
                      x.model(), x.predicted().monthlyCost().toDouble())));

  /** What to relax, one suggestion per constraint that can admit a candidate on its own. */
  static List<Advice.Relaxation> suggest(List<Recommendation> all, AdviceRequest r) {
    List<Advice.Relaxation> out = new ArrayList<>();
    for (Kind k : KINDS) {
      if (k.applies().test(r)) {
        mildest(all, r, k)
            .ifPresent(
                x ->
                    out.add(
                        new Advice.Relaxation(
                            k.field(),
                            k.value().apply(x, r),
                            x.id().format(),
                            k.message().apply(x, r))));
      }
    }
    if (out.isEmpty()) {
      out.add(
          new Advice.Relaxation(
              "none",
              0,
              null,
              "No single constraint can be relaxed to admit a candidate; relax latency and budget together, or add hardware."));
    }
    return out;
  }

  /** The first of the candidates with the smallest measure, so ties go to the better ranked. */
  static Optional<Recommendation> mildest(List<Recommendation> all, AdviceRequest r, Kind k) {
    return all.stream()
        .filter(x -> x.meetsAllBut(k.relaxed()) && k.measure().apply(x, r).isPresent())
        .min(Comparator.comparingDouble(x -> k.measure().apply(x, r).orElseThrow()));
  }

  private static Optional<Double> latency(Recommendation x, AdviceRequest r) {
    return Optional.ofNullable(
        r.latencyTarget() == LatencyTarget.FIRST_TOKEN
            ? x.predicted().p95TimeToFirstTokenMs()
            : x.predicted().p95LatencyMs());
  }
}
