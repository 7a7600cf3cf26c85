package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.cost.Acquisition;

class QualityCurveTest {

  @Test
  void should_keep_one_point_per_model_at_its_cheapest_when_tags_and_devices_share_a_score() {
    var q4OnA100 =
        Candidates.local(
            "llama2:13b-q4",
            "llama-2-13b",
            "a100",
            Acquisition.RENT,
            0,
            0,
            1_400,
            0.90,
            900.0,
            54.8,
            Set.of());
    var q4On4090 =
        Candidates.local(
            "llama2:13b-q4",
            "llama-2-13b",
            "rtx-4090",
            Acquisition.BUY,
            0,
            0,
            120,
            0.30,
            900.0,
            54.8,
            Set.of());
    var q8On4090 =
        Candidates.local(
            "llama2:13b-q8",
            "llama-2-13b",
            "rtx-4090",
            Acquisition.BUY,
            0,
            0,
            150,
            0.45,
            900.0,
            54.8,
            Set.of());
    var cloud = Candidates.cloud("gpt-x", 30, 0.001, 1.005, 700.0, 82.0, Set.of());
    var unscored = Candidates.cloud("gpt-y", 10, 0.001, 0.2, 700.0, null, Set.of());

    var curve = QualityCurve.of(List.of(q4OnA100, cloud, q8On4090, unscored, q4On4090));

    assertThat(curve)
        .extracting(
            Advice.QualityPoint::id,
            Advice.QualityPoint::quality,
            Advice.QualityPoint::costPerMillionTokensUsd)
        .containsExactly(
            tuple("ollama/llama2:13b-q4@rtx-4090:buy", 54.8, 0.30),
            // $1.005 per million to whole cents, half up
            tuple("openai/gpt-x", 82.0, 1.01));
    assertThat(curve.get(0).parameters()).isEqualTo(7_000_000_000L);
    assertThat(curve.get(1).parameters()).isNull();
  }

  @Test
  void should_keep_the_better_ranked_point_when_two_cost_the_same() {
    var first =
        Candidates.local(
            "phi:q4", "phi-2", "rtx-3060", Acquisition.BUY, 0, 0, 50, 0.5, 900.0, 56.7, Set.of());
    var second =
        Candidates.local(
            "phi:q5", "phi-2", "rtx-3060", Acquisition.BUY, 0, 0, 50, 0.5, 900.0, 56.7, Set.of());

    assertThat(QualityCurve.of(List.of(first, second)))
        .extracting(Advice.QualityPoint::id)
        .containsExactly("ollama/phi:q4@rtx-3060:buy");
  }
}
