package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

class AdvisorTest {

  private static final Advisor ADVISOR = Advisor.bundled();

  private static Workload workload(double perDay, double hours, double peak, int parallel) {
    return new Workload(
        perDay,
        hours,
        peak,
        TokenDistribution.of(500, 1500),
        TokenDistribution.of(200, 500),
        parallel);
  }

  private static AdviceRequest request(
      Workload w, double targetMs, Double budget, Double floor, boolean local) {
    return new AdviceRequest(
        w,
        targetMs,
        LatencyTarget.END_TO_END,
        Optional.ofNullable(budget),
        Optional.ofNullable(floor),
        local,
        List.of(),
        true);
  }

  private static Recommendation byId(Advice a, String id) {
    return a.recommendations().stream()
        .filter(r -> r.id().format().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id));
  }

  private static void print(Advice a, int n) {
    a.recommendations().stream()
        .limit(n)
        .forEach(
            r ->
                System.out.printf(
                    "%-55s %s $%,10.2f p95 %s%n",
                    r.id(),
                    r.meetsAll() ? "OK " : "no ",
                    r.predicted().monthlyCost().toDouble(),
                    r.predicted().p95LatencyMs()));
  }

  @Test
  void should_pick_a_small_cloud_model_for_a_light_workload() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, 500.0, null, false));
    print(a, 5);
    assertThat(a.best()).isNotNull();
    Recommendation best = a.recommendations().get(0);
    assertThat(best.kind()).isEqualTo(Recommendation.Kind.CLOUD);
    assertThat(best.modelId()).containsAnyOf("mini", "nano");
    assertThat(best.predicted().monthlyCost().toDouble()).isLessThan(25);
    // a bought GPU costs more per month than a small cloud model's tokens at this volume
    assertThat(
            a.recommendations().stream()
                .filter(r -> r.kind() == Recommendation.Kind.LOCAL && r.meetsAll())
                .mapToDouble(r -> r.predicted().monthlyCost().toDouble())
                .min()
                .orElseThrow())
        .isGreaterThan(best.predicted().monthlyCost().toDouble());
    assertThat(a.breakEven()).hasSize(1);
    assertThat(a.breakEven().get(0).message()).contains("requests a month");
  }

  @Test
  void should_pick_local_hardware_for_a_heavy_steady_workload() {
    Advice a = ADVISOR.advise(request(workload(2_000_000, 24, 1.2, 32), 30_000, null, 45.0, false));
    print(a, 5);
    assertThat(a.best()).isNotNull();
    Recommendation best = a.recommendations().get(0);
    assertThat(best.kind()).isEqualTo(Recommendation.Kind.LOCAL);
    Recommendation cheapestCloud =
        a.recommendations().stream()
            .filter(
                r -> r.kind() == Recommendation.Kind.CLOUD && r.meetsLatency() && r.meetsQuality())
            .findFirst()
            .orElseThrow();
    assertThat(best.predicted().monthlyCost().toDouble())
        .isLessThan(cheapestCloud.predicted().monthlyCost().toDouble());
  }

  @Test
  void should_hold_llama_3_70b_in_one_server_when_the_team_owns_two_rtx_4090s() {
    Hardware rtx4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    AdviceRequest r =
        new AdviceRequest(
            workload(2000, 8, 2, 1),
            30_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.empty(),
            true,
            List.of(
                new HardwareOption(
                    rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty(), 2)),
            false);

    Advice a = ADVISOR.advise(r);
    Recommendation q4 =
        a.recommendations().stream()
            .filter(x -> x.modelId().equals("llama3:70b-instruct-q4_0"))
            .findFirst()
            .orElseThrow();

    assertThat(q4.local().orElseThrow().shape().devicesPerServer()).isEqualTo(2);
    assertThat(q4.local().orElseThrow().memory().fits()).isTrue();
    assertThat(q4.meets(Constraint.CAPACITY)).isTrue();
    assertThat(q4.cost().basis()).anyMatch(b -> b.contains("sunk cost"));
  }

  @Test
  void should_keep_to_the_one_device_when_the_team_owns_one() {
    Hardware rtx4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    AdviceRequest r =
        new AdviceRequest(
            workload(2000, 8, 2, 1),
            30_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.empty(),
            true,
            List.of(
                new HardwareOption(rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty())),
            false);

    assertThat(ADVISOR.advise(r).recommendations())
        .filteredOn(x -> x.kind() == Recommendation.Kind.LOCAL)
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.local().orElseThrow().shape().isSingle()).isTrue());
  }

  @Test
  void should_spread_a_model_that_fits_one_card_over_the_owned_cards_when_the_peak_needs_them() {
    Hardware rtx4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    AdviceRequest r =
        new AdviceRequest(
            workload(150_000, 8, 2, 1),
            10_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.empty(),
            true,
            List.of(
                new HardwareOption(
                    rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty(), 4)),
            false);

    Advice a = ADVISOR.advise(r);

    assertThat(a.recommendations())
        .filteredOn(x -> x.kind() == Recommendation.Kind.LOCAL)
        .allSatisfy(
            x ->
                assertThat(
                        x.local().orElseThrow().shape().replicas()
                            * x.local().orElseThrow().shape().devicesPerServer())
                    .isLessThanOrEqualTo(4))
        .anyMatch(x -> x.local().orElseThrow().shape().replicas() > 1);
  }

  @Test
  void should_answer_with_the_given_devices_alone_when_cloud_offerings_are_left_out() {
    Hardware rtx4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    AdviceRequest r =
        new AdviceRequest(
            workload(2000, 8, 2, 1),
            8_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.empty(),
            false,
            List.of(
                new HardwareOption(rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty())),
            false,
            false,
            Optional.empty());

    Advice a = ADVISOR.advise(r);

    assertThat(a.recommendations())
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.id().format()).matches("(ollama|vllm)/.*@rtx-4090"));
    assertThat(a.excluded()).noneMatch(e -> e.id().startsWith("openai/"));
  }

  @Test
  void should_exclude_every_cloud_offering_when_data_must_stay_local() {
    Advice a = ADVISOR.advise(request(workload(5000, 8, 2, 4), 15_000, null, null, true));
    assertThat(a.best()).startsWith("ollama/");
    assertThat(a.recommendations())
        .filteredOn(r -> r.kind() == Recommendation.Kind.CLOUD)
        .allSatisfy(
            r -> {
              assertThat(r.meetsDataLocality()).isFalse();
              assertThat(r.meetsAll()).isFalse();
              assertThat(r.reasons()).anyMatch(s -> s.contains("Data must stay on the premises"));
            });
  }

  @Test
  void should_say_what_to_relax_when_the_budget_is_too_small_for_anything() {
    Advice a = ADVISOR.advise(request(workload(50_000, 8, 3, 8), 10_000, 1.0, null, false));
    assertThat(a.best()).isNull();
    assertThat(a.relax()).isNotEmpty();
    Advice.Relaxation budget =
        a.relax().stream()
            .filter(x -> x.constraint().equals("monthlyBudgetUsd"))
            .findFirst()
            .orElseThrow();
    assertThat(budget.value()).isGreaterThan(1.0);
    assertThat(budget.message()).startsWith("Raise the monthly budget to $");
    // the suggested budget really admits that candidate
    Advice again =
        ADVISOR.advise(
            request(workload(50_000, 8, 3, 8), 10_000, budget.value() + 0.01, null, false));
    assertThat(again.best()).isNotNull();
  }

  @Test
  void should_explain_a_70b_model_on_a_24_gb_card_as_offloaded_and_slow() {
    var rtx4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    AdviceRequest r =
        new AdviceRequest(
            workload(2000, 8, 2, 1),
            8_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.empty(),
            false,
            List.of(
                new HardwareOption(rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty())),
            false);
    Advice a = ADVISOR.advise(r);
    Recommendation big = byId(a, "ollama/llama2:70b-chat-q4_K_M@rtx-4090");
    big.reasons().stream().limit(4).forEach(System.out::println);
    assertThat(big.local().orElseThrow().memory().fits()).isFalse();
    assertThat(big.meetsLatency()).isFalse();
    assertThat(big.reasons().get(0))
        .containsPattern(
            "Llama 2 70B Chat Q4_K_M needs [0-9.]+ GB .*the NVIDIA GeForce RTX 4090 offers [0-9.]+ GB: [0-9]+ of 81 layers would run on the CPU");
    assertThat(big.reasons())
        .anyMatch(s -> s.contains("Misses the 8,000 ms p95 end-to-end latency target"));
    assertThat(big.predicted().generationTokensPerSecond()).isLessThan(5);
    Recommendation small = byId(a, "ollama/llama2:7b-chat-q4_K_M@rtx-4090");
    assertThat(small.local().orElseThrow().memory().fits()).isTrue();
    assertThat(small.meetsLatency()).isTrue();
  }

  @Test
  void should_read_back_every_id_it_gives_when_the_id_is_parsed() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, null, null, false));

    assertThat(a.recommendations())
        .allSatisfy(r -> assertThat(RecommendationId.parse(r.id().format())).isEqualTo(r.id()));
    assertThat(RecommendationId.parse(a.best())).isEqualTo(a.recommendations().get(0).id());
  }

  @Test
  void should_leave_out_retired_models_and_say_so() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, null, null, false));
    assertThat(a.excluded())
        .anyMatch(e -> e.id().equals("openai/gpt-4") && e.reason().contains("retired"));
    assertThat(a.recommendations()).noneMatch(r -> r.id().format().equals("openai/gpt-4"));
  }

  @Test
  void should_call_a_figure_unknown_not_missed_when_no_source_gives_it() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, null, 80.0, false));
    // no source gives gpt-5-mini an MMLU; Azure's first-token time is derived from OpenAI's (a
    // time no source gives at all is checked in ConstraintChecksTest)
    Recommendation mini =
        a.recommendations().stream()
            .filter(r -> r.id().format().equals("azure/gpt-5-mini"))
            .findFirst()
            .orElseThrow();
    Recommendation openAi =
        a.recommendations().stream()
            .filter(r -> r.id().format().equals("openai/gpt-5-mini"))
            .findFirst()
            .orElseThrow();

    assertThat(mini.unknown()).containsExactly("quality");
    assertThat(openAi.unknown()).containsExactly("quality");
    assertThat(mini.reasons())
        .anyMatch(s -> s.startsWith("Quality unknown:"))
        .noneMatch(s -> s.startsWith("Misses"));
    assertThat(mini.meetsAll()).isFalse();
  }

  @Test
  void should_plot_a_smaller_recipe_lower_when_the_curve_has_both() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, null, null, false));
    double q2 = point(a, "Llama 2 7B Chat Q2_K");
    double q4 = point(a, "Llama 2 7B Chat Q4_K_M");

    // 45.3 less 9.30 (Q2_K) and less 0.56 (Q4_K_M), measured on Llama 3 8B
    assertThat(q2).isCloseTo(45.3 - 9.30, within(1e-9));
    assertThat(q4).isCloseTo(45.3 - 0.56, within(1e-9));
  }

  private static double point(Advice a, String model) {
    return a.qualityCurve().stream()
        .filter(p -> p.model().equals(model))
        .findFirst()
        .orElseThrow(() -> new AssertionError(model + " not on the curve: " + a.qualityCurve()))
        .quality();
  }

  @Test
  void should_draw_the_quality_curve_with_diminishing_returns() {
    Advice a = ADVISOR.advise(request(workload(1000, 8, 2, 4), 10_000, null, null, false));
    // Q8_0 loses nothing measurable, so its points are the published 16-bit scores
    var llama2 =
        a.qualityCurve().stream()
            .filter(p -> p.model().startsWith("Llama 2") && p.model().endsWith("Q8_0"))
            .toList();
    assertThat(llama2).extracting(Advice.QualityPoint::quality).containsExactly(45.3, 54.8, 68.9);
    // quality per extra parameter falls: 7B -> 13B gains more per billion than 13B -> 70B
    double gainSmall =
        (54.8 - 45.3) / ((llama2.get(1).parameters() - llama2.get(0).parameters()) / 1e9);
    double gainLarge =
        (68.9 - 54.8) / ((llama2.get(2).parameters() - llama2.get(1).parameters()) / 1e9);
    assertThat(gainSmall).isGreaterThan(gainLarge);
  }

  @Test
  void should_rank_candidates_that_meet_everything_by_cost() {
    Advice a = ADVISOR.advise(request(workload(20_000, 10, 2, 8), 20_000, null, null, false));
    var ok = a.recommendations().stream().filter(Recommendation::meetsAll).toList();
    assertThat(ok).isNotEmpty();
    for (int i = 1; i < ok.size(); i++) {
      assertThat(ok.get(i).predicted().monthlyCost().toDouble())
          .isGreaterThanOrEqualTo(ok.get(i - 1).predicted().monthlyCost().toDouble());
    }
    assertThat(a.recommendations()).allSatisfy(r -> assertThat(r.reasons()).isNotEmpty());
  }
}
