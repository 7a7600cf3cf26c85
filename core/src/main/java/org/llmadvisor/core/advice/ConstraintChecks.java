package org.llmadvisor.core.advice;

import static org.llmadvisor.core.advice.Text.shortSource;
import static org.llmadvisor.core.units.Wording.f;

import java.util.Optional;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.cost.CostBreakdown;

/** The constraints that cloud and local candidates share, each judged with its sentence. */
final class ConstraintChecks {

  private ConstraintChecks() {}

  /**
   * @param p95 p95 end-to-end latency in ms, null when it cannot be predicted or is unbounded
   * @param ttft95 p95 time to the first token in ms, null likewise
   * @param servable false when the candidate cannot serve the workload at all (does not load,
   *     context too long): then no latency meets the target, whatever was predicted
   */
  static Verdict latency(AdviceRequest r, Double p95, Double ttft95, boolean servable) {
    boolean first = r.latencyTarget() == LatencyTarget.FIRST_TOKEN;
    Double v = first ? ttft95 : p95;
    String what = first ? "time to first token" : "end-to-end latency";
    if (v == null) {
      return Verdict.fail(
          f(
              "Misses the %,.0f ms p95 %s target: latency cannot be bounded.",
              r.latencyTargetMs(), what));
    }
    return servable && v <= r.latencyTargetMs()
        ? Verdict.pass(
            f(
                "Meets the %,.0f ms p95 %s target with %,.0f ms to spare.",
                r.latencyTargetMs(), what, r.latencyTargetMs() - v))
        : Verdict.fail(
            f(
                "Misses the %,.0f ms p95 %s target by %,.0f ms.",
                r.latencyTargetMs(), what, v - r.latencyTargetMs()));
  }

  /**
   * No source gives the figure the target needs ({@code missing}, in words): the target cannot be
   * checked, so it is not met, and the words say unknown rather than missed.
   */
  static Verdict latencyUnknown(AdviceRequest r, String missing) {
    boolean first = r.latencyTarget() == LatencyTarget.FIRST_TOKEN;
    return Verdict.fail(
        f(
            "Latency unknown: %s, so the %,.0f ms p95 %s target cannot be checked.",
            missing, r.latencyTargetMs(), first ? "time to first token" : "end-to-end latency"));
  }

  static Verdict budget(AdviceRequest r, CostBreakdown c) {
    if (r.monthlyBudgetUsd().isEmpty()) {
      return Verdict.pass(
          f(
              "Costs $%,.2f a month ($%.3f per million tokens); no budget set.",
              c.monthlyUsd(), c.costPerMillionTokensUsd()));
    }
    double b = r.monthlyBudgetUsd().get();
    return c.monthlyUsd() <= b
        ? Verdict.pass(
            f(
                "Costs $%,.2f a month ($%.3f per million tokens), within the $%,.0f budget.",
                c.monthlyUsd(), c.costPerMillionTokensUsd(), b))
        : Verdict.fail(
            f(
                "Costs $%,.2f a month ($%.3f per million tokens), over the $%,.0f budget by $%,.2f.",
                c.monthlyUsd(), c.costPerMillionTokensUsd(), b, c.monthlyUsd() - b));
  }

  /**
   * A floor cannot be confirmed without a score, so an unknown score misses it; the words say the
   * score is unknown, which is not the same as being below the floor.
   */
  static Verdict quality(AdviceRequest r, Optional<Quality> q) {
    Optional<Double> floor = r.qualityFloor();
    if (q.isEmpty()) {
      return floor.isPresent()
          ? Verdict.fail(
              f(
                  "Quality unknown: no published MMLU score or stated substitute, so the floor of %.1f cannot be checked.",
                  floor.get()))
          : Verdict.pass("Quality unknown: no published MMLU score or stated substitute.");
    }
    Quality x = q.get();
    String base =
        x.basis()
            .map(b -> f("%s, so %s %.1f", b, x.benchmark(), x.score()))
            .orElseGet(() -> f("%s %.1f (%s)", x.benchmark(), x.score(), shortSource(x.source())));
    if (floor.isEmpty()) {
      return Verdict.pass(base + ".");
    }
    return x.score() >= floor.get()
        ? Verdict.pass(base + f(", at or above the floor of %.1f.", floor.get()))
        : Verdict.fail(base + f(", below the floor of %.1f.", floor.get()));
  }
}
