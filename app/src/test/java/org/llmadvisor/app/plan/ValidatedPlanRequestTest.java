package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule on the body of {@code POST /api/plan}, each refusal naming its field. */
class ValidatedPlanRequestTest {

  private static PlanException refusal(PlanRequest r) {
    return catchThrowableOfType(PlanException.class, () -> ValidatedPlanRequest.of(r));
  }

  @Test
  void should_fill_in_the_defaults_when_only_deployments_are_given() {
    var r =
        ValidatedPlanRequest.of(new PlanRequest(null, List.of("local"), null, null, null, null));

    assertThat(r.byRecommendation()).isFalse();
    assertThat(r.latencyTargetMs()).isEqualTo(10_000);
    assertThat(r.firstTokenTarget()).isFalse();
    assertThat(r.fallbackIds()).isNull();
  }

  @Test
  void should_read_a_first_token_target_in_any_case() {
    var r =
        ValidatedPlanRequest.of(
            new PlanRequest("ollama/llama2:7b", null, null, 800.0, "First-Token", 50.0));

    assertThat(r.byRecommendation()).isTrue();
    assertThat(r.firstTokenTarget()).isTrue();
    assertThat(r.latencyTargetMs()).isEqualTo(800);
  }

  @Test
  void should_name_the_field_at_fault_when_a_value_is_out_of_range() {
    assertThat(refusal(null).field()).isEqualTo("body");
    assertThat(refusal(new PlanRequest(null, List.of("a"), null, 0.0, null, null)).field())
        .isEqualTo("latencyTargetMs");
    assertThat(refusal(new PlanRequest(null, List.of("a"), null, null, "p95", null)).getMessage())
        .isEqualTo("latencyTarget must be end-to-end|first-token, was 'p95'");
    PlanException budget = refusal(new PlanRequest(null, List.of("a"), null, null, null, -1.0));
    assertThat(budget.field()).isEqualTo("monthlyBudgetUsd");
    assertThat(budget.status()).isEqualTo(400);
  }

  @Test
  void should_ask_for_exactly_one_way_of_naming_the_plan_when_both_or_neither_are_given() {
    assertThat(refusal(new PlanRequest("  ", List.of(), null, null, null, null)).getMessage())
        .isEqualTo("recommendationId give exactly one of recommendationId or deploymentIds");
    assertThat(
            refusal(new PlanRequest("ollama/llama2:7b", List.of("a"), null, null, null, null))
                .field())
        .isEqualTo("recommendationId");
  }

  @Test
  void should_keep_a_missing_id_in_place_when_the_list_has_a_hole() {
    var r =
        ValidatedPlanRequest.of(
            new PlanRequest(null, Arrays.asList("local", null), null, null, null, null));

    assertThat(r.deploymentIds()).containsExactly("local", null);
  }
}
