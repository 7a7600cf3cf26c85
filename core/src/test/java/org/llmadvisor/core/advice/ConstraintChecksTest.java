package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

class ConstraintChecksTest {

  private static AdviceRequest request(
      double targetMs, LatencyTarget target, Double budget, Double floor) {
    return new AdviceRequest(
        new Workload(1000, 8, 2, TokenDistribution.of(500, 500), TokenDistribution.of(200, 200), 1),
        targetMs,
        target,
        Optional.ofNullable(budget),
        Optional.ofNullable(floor),
        false,
        List.of(),
        false);
  }

  private static CostBreakdown costing(double monthlyUsd) {
    return new CostBreakdown(monthlyUsd, 0, 0, 0, 0, 0, 0.25, List.of());
  }

  @Test
  void should_meet_latency_with_the_margin_when_p95_is_under_the_target() {
    Verdict v =
        ConstraintChecks.latency(
            request(8_000, LatencyTarget.END_TO_END, null, null), 6_500.0, 900.0, true);

    assertThat(v)
        .isEqualTo(
            Verdict.pass(
                "Meets the 8,000 ms p95 end-to-end latency target with 1,500 ms to spare."));
  }

  @Test
  void should_judge_the_first_token_when_the_target_bounds_it() {
    // end to end is far over 500 ms; the first token at 300 ms is what counts
    Verdict v =
        ConstraintChecks.latency(
            request(500, LatencyTarget.FIRST_TOKEN, null, null), 9_000.0, 300.0, true);

    assertThat(v.ok()).isTrue();
    assertThat(v.reason()).contains("time to first token").contains("200 ms to spare");
  }

  @Test
  void should_miss_latency_when_the_candidate_cannot_serve_however_fast() {
    Verdict v =
        ConstraintChecks.latency(
            request(8_000, LatencyTarget.END_TO_END, null, null), 1_000.0, 100.0, false);

    assertThat(v.ok()).isFalse();
  }

  @Test
  void should_miss_latency_when_it_cannot_be_bounded() {
    Verdict v =
        ConstraintChecks.latency(
            request(8_000, LatencyTarget.END_TO_END, null, null), null, null, true);

    assertThat(v)
        .isEqualTo(
            Verdict.fail(
                "Misses the 8,000 ms p95 end-to-end latency target: latency cannot be bounded."));
  }

  @Test
  void should_miss_the_budget_by_the_difference_when_over_it() {
    Verdict v =
        ConstraintChecks.budget(request(1, LatencyTarget.END_TO_END, 100.0, null), costing(120.5));

    assertThat(v.ok()).isFalse();
    // 120.50 - 100 = 20.50
    assertThat(v.reason()).endsWith("over the $100 budget by $20.50.");
  }

  @Test
  void should_meet_the_budget_when_the_cost_equals_it() {
    assertThat(
            ConstraintChecks.budget(request(1, LatencyTarget.END_TO_END, 100.0, null), costing(100))
                .ok())
        .isTrue();
    assertThat(
            ConstraintChecks.budget(request(1, LatencyTarget.END_TO_END, null, null), costing(1e6))
                .ok())
        .isTrue();
  }

  @Test
  void should_miss_a_quality_floor_when_no_score_is_published() {
    AdviceRequest withFloor = request(1, LatencyTarget.END_TO_END, null, 40.0);
    AdviceRequest withoutFloor = request(1, LatencyTarget.END_TO_END, null, null);

    assertThat(ConstraintChecks.quality(withFloor, Optional.empty()).ok()).isFalse();
    assertThat(ConstraintChecks.quality(withoutFloor, Optional.empty()).ok()).isTrue();
  }

  @Test
  void should_say_the_score_is_unknown_not_below_the_floor_when_none_is_published() {
    Verdict v =
        ConstraintChecks.quality(
            request(1, LatencyTarget.END_TO_END, null, 80.0), Optional.empty());

    assertThat(v.reason()).startsWith("Quality unknown:").doesNotContain("below");
  }

  @Test
  void should_say_latency_is_unknown_not_missed_when_no_speed_is_published() {
    Verdict v =
        ConstraintChecks.latencyUnknown(
            request(2000, LatencyTarget.FIRST_TOKEN, null, null),
            "no published measurement of its time to first token");

    assertThat(v.ok()).isFalse();
    assertThat(v.reason())
        .isEqualTo(
            "Latency unknown: no published measurement of its time to first token, so the 2,000 ms"
                + " p95 time to first token target cannot be checked.");
  }

  @Test
  void should_give_the_16_bit_score_and_the_loss_when_the_score_is_for_a_quantized_file() {
    Quality q =
        new Quality(
            "MMLU",
            70.2,
            "model card",
            Optional.of(
                "MMLU 79.5 in 16 bits (model card); Q2_K loses about 9.3 points, measured"));

    Verdict v =
        ConstraintChecks.quality(request(1, LatencyTarget.END_TO_END, null, 75.0), Optional.of(q));

    assertThat(v)
        .isEqualTo(
            Verdict.fail(
                "MMLU 79.5 in 16 bits (model card); Q2_K loses about 9.3 points, measured, so MMLU"
                    + " 70.2, below the floor of 75.0."));
  }

  @Test
  void should_compare_the_score_with_the_floor_when_one_is_published() {
    Quality mmlu = new Quality("MMLU", 45.3, "Llama 2 paper, table 3");

    assertThat(
            ConstraintChecks.quality(
                    request(1, LatencyTarget.END_TO_END, null, 45.3), Optional.of(mmlu))
                .ok())
        .isTrue();
    Verdict below =
        ConstraintChecks.quality(
            request(1, LatencyTarget.END_TO_END, null, 45.4), Optional.of(mmlu));
    assertThat(below)
        .isEqualTo(Verdict.fail("MMLU 45.3 (Llama 2 paper, table 3), below the floor of 45.4."));
  }
}
