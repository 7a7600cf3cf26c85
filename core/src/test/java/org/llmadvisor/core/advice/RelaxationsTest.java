package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

class RelaxationsTest {

  private static AdviceRequest request(
      LatencyTarget target, Double budget, Double floor, boolean local) {
    return new AdviceRequest(
        new Workload(1000, 8, 2, TokenDistribution.of(500, 500), TokenDistribution.of(200, 200), 1),
        1_000,
        target,
        Optional.ofNullable(budget),
        Optional.ofNullable(floor),
        local,
        List.of(),
        false);
  }

  private static Advice.Relaxation only(List<Advice.Relaxation> out, String field) {
    assertThat(out).extracting(Advice.Relaxation::constraint).containsOnlyOnce(field);
    return out.stream().filter(x -> x.constraint().equals(field)).findFirst().orElseThrow();
  }

  @Test
  void should_raise_the_budget_to_the_cheapest_that_meets_the_rest_when_over_budget() {
    var dear = Candidates.cloud("dear", 250.004, 0.01, 1, 900.0, 70.0, Set.of(Constraint.BUDGET));
    var cheaper =
        Candidates.local(
            "phi:2.7b",
            "phi-2",
            "rtx-3060",
            Acquisition.BUY,
            150,
            0,
            180.555,
            0.5,
            800.0,
            56.7,
            Set.of(Constraint.BUDGET));
    // cheapest of all, but also too slow: raising the budget alone does not admit it
    var slow =
        Candidates.cloud(
            "slow", 10, 0.001, 1, 5_000.0, 70.0, Set.of(Constraint.BUDGET, Constraint.LATENCY));

    var out =
        Relaxations.suggest(
            List.of(dear, cheaper, slow), request(LatencyTarget.END_TO_END, 100.0, null, false));

    Advice.Relaxation budget = only(out, "monthlyBudgetUsd");
    assertThat(budget.candidate()).isEqualTo("ollama/phi:2.7b@rtx-3060:buy");
    // $180.555 to whole cents, half up
    assertThat(budget.value()).isEqualTo(180.56);
    assertThat(budget.message())
        .isEqualTo(
            "Raise the monthly budget to $180.56: phi-2 Q4_K_M on Card rtx-3060 (buy) then meets every other target.");
  }

  @Test
  void should_relax_latency_to_the_next_whole_ms_of_the_fastest_when_all_are_too_slow() {
    var a = Candidates.cloud("a", 10, 0.001, 1, 1_500.2, null, Set.of(Constraint.LATENCY));
    var b = Candidates.cloud("b", 5, 0.001, 1, 1_234.2, null, Set.of(Constraint.LATENCY));

    var out =
        Relaxations.suggest(List.of(a, b), request(LatencyTarget.END_TO_END, null, null, false));

    Advice.Relaxation latency = only(out, "latencyTargetMs");
    assertThat(latency.candidate()).isEqualTo("openai/b");
    assertThat(latency.value()).isEqualTo(1_235.0);
    assertThat(latency.message()).startsWith("Relax the p95 end-to-end target to 1,235 ms");
  }

  @Test
  void should_relax_the_first_token_target_on_its_own_figure_when_it_is_the_target() {
    // p95 to the first token is 200 ms for every hand-built candidate
    var a = Candidates.cloud("a", 10, 0.001, 1, 9_000.0, null, Set.of(Constraint.LATENCY));

    var out =
        Relaxations.suggest(List.of(a), request(LatencyTarget.FIRST_TOKEN, null, null, false));

    Advice.Relaxation latency = only(out, "latencyTargetMs");
    assertThat(latency.value()).isEqualTo(200.0);
    assertThat(latency.message()).startsWith("Relax the p95 first token target to 200 ms");
  }

  @Test
  void should_lower_the_floor_to_the_best_score_when_a_floor_is_set() {
    var a = Candidates.cloud("a", 10, 0.001, 1, 500.0, 60.0, Set.of(Constraint.QUALITY));
    var b = Candidates.cloud("b", 20, 0.001, 1, 500.0, 70.0, Set.of(Constraint.QUALITY));
    var unscored = Candidates.cloud("c", 1, 0.001, 1, 500.0, null, Set.of(Constraint.QUALITY));

    var out =
        Relaxations.suggest(
            List.of(a, b, unscored), request(LatencyTarget.END_TO_END, null, 80.0, false));

    Advice.Relaxation quality = only(out, "qualityFloor");
    assertThat(quality.candidate()).isEqualTo("openai/b");
    assertThat(quality.value()).isEqualTo(70.0);
  }

  @Test
  void should_offer_no_quality_or_locality_when_the_request_sets_neither() {
    var a =
        Candidates.cloud(
            "a", 10, 0.001, 1, 500.0, 60.0, Set.of(Constraint.QUALITY, Constraint.DATA_LOCALITY));

    var out = Relaxations.suggest(List.of(a), request(LatencyTarget.END_TO_END, null, null, false));

    assertThat(out).extracting(Advice.Relaxation::constraint).containsExactly("none");
  }

  @Test
  void should_let_data_leave_for_the_cheapest_cloud_when_data_must_stay_local() {
    var dear =
        Candidates.cloud("dear", 30, 0.001, 1, 500.0, null, Set.of(Constraint.DATA_LOCALITY));
    var cheap =
        Candidates.cloud("cheap", 12.5, 0.001, 1, 500.0, null, Set.of(Constraint.DATA_LOCALITY));

    var out =
        Relaxations.suggest(
            List.of(dear, cheap), request(LatencyTarget.END_TO_END, null, null, true));

    Advice.Relaxation locality = only(out, "dataMustStayLocal");
    assertThat(locality.candidate()).isEqualTo("openai/cheap");
    assertThat(locality.value()).isZero();
    assertThat(locality.message())
        .isEqualTo(
            "Allow data to leave the premises: OpenAI cheap meets every other target at $12.50 a month.");
  }

  @Test
  void should_never_relax_capacity_when_a_candidate_cannot_load() {
    var wontLoad =
        Candidates.local(
            "llama2:70b",
            "llama-2-70b",
            "rtx-4090",
            Acquisition.OWNED,
            0,
            0,
            1,
            0.1,
            500.0,
            68.9,
            Set.of(Constraint.CAPACITY, Constraint.BUDGET));

    var out =
        Relaxations.suggest(List.of(wontLoad), request(LatencyTarget.END_TO_END, 0.5, null, false));

    assertThat(out)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.constraint()).isEqualTo("none");
              assertThat(x.candidate()).isNull();
            });
  }

  @Test
  void should_list_suggestions_in_table_order_when_several_apply() {
    var overBudget = Candidates.cloud("o", 50, 0.001, 1, 500.0, 90.0, Set.of(Constraint.BUDGET));
    var tooSlow = Candidates.cloud("s", 5, 0.001, 1, 2_000.0, 90.0, Set.of(Constraint.LATENCY));
    var tooWeak = Candidates.cloud("w", 5, 0.001, 1, 500.0, 30.0, Set.of(Constraint.QUALITY));

    var out =
        Relaxations.suggest(
            List.of(overBudget, tooSlow, tooWeak),
            request(LatencyTarget.END_TO_END, 10.0, 40.0, false));

    assertThat(out)
        .extracting(Advice.Relaxation::constraint, Advice.Relaxation::candidate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("monthlyBudgetUsd", "openai/o"),
            org.assertj.core.groups.Tuple.tuple("latencyTargetMs", "openai/s"),
            org.assertj.core.groups.Tuple.tuple("qualityFloor", "openai/w"));
  }
}
