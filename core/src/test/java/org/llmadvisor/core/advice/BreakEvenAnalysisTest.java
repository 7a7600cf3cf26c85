package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

class BreakEvenAnalysisTest {

  /** 10,000 requests a day: 304,375 a month (365.25 / 12 days). */
  private static final Workload WORKLOAD =
      new Workload(10_000, 8, 2, TokenDistribution.of(500, 500), TokenDistribution.of(200, 200), 1);

  private static AdviceRequest request(boolean dataMustStayLocal, String compareWith) {
    return new AdviceRequest(
        WORKLOAD,
        10_000,
        LatencyTarget.END_TO_END,
        Optional.empty(),
        Optional.empty(),
        dataMustStayLocal,
        List.of(),
        false,
        true,
        Optional.empty(),
        Optional.ofNullable(compareWith));
  }

  private static final AdviceRequest REQUEST = request(false, null);

  @Test
  void should_find_the_volume_where_costs_cross_when_local_is_fixed_and_cloud_per_request() {
    // a bought card: $1,000 a month fixed plus $0.0001 of energy per request
    var local =
        Candidates.local(
            "llama2:7b",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.BUY,
            1_000,
            0.0001,
            1_030.44,
            0.1,
            900.0,
            45.3,
            Set.of());
    // 500 prompt tokens at $0.60 and 200 output tokens at $7.00 per million: $0.0017 a request
    double cloudPerRequest = (500 * 0.60 + 200 * 7.00) / 1e6;
    var cloud = Candidates.cloud("gpt-x", 517.44, cloudPerRequest, 2.43, 700.0, 80.0, Set.of());

    Advice.BreakEven be = BreakEvenAnalysis.between(local, cloud, WORKLOAD);

    // 1000 + 0.0001 n = 0.0017 n  =>  n = 1000 / 0.0016 = 625,000 requests a month
    assertThat(be.requestsPerMonth()).isEqualTo(625_000.0);
    assertThat(be.a()).isEqualTo("ollama/llama2:7b@rtx-4090:buy");
    assertThat(be.b()).isEqualTo("openai/gpt-x");
    // 625,000 / (365.25 / 12) = 20,533.88 a day
    assertThat(be.message())
        .isEqualTo(
            "They cost the same at 625,000 requests a month (20,534 a day): below it OpenAI gpt-x is cheaper, above it llama-2-7b Q4_K_M on Card rtx-4090 (buy).");
  }

  @Test
  void should_say_never_when_one_is_cheaper_at_every_volume() {
    // dearer fixed and dearer per request: the lines never cross
    var local =
        Candidates.local(
            "llama2:7b",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.RENT,
            1_000,
            0.003,
            1_913.13,
            0.1,
            900.0,
            45.3,
            Set.of());
    var cloud = Candidates.cloud("gpt-x", 608.75, 0.002, 2.43, 700.0, 80.0, Set.of());

    Advice.BreakEven be = BreakEvenAnalysis.between(local, cloud, WORKLOAD);

    assertThat(be.requestsPerMonth()).isNull();
    assertThat(be.message()).isEqualTo("Never: OpenAI gpt-x is cheaper at every volume.");
  }

  @Test
  void should_compare_the_leaders_that_can_serve_when_better_ranked_ones_cannot() {
    var cannotLoad =
        Candidates.local(
            "llama2:70b",
            "llama-2-70b",
            "rtx-4090",
            Acquisition.OWNED,
            0,
            0,
            0,
            0,
            null,
            68.9,
            Set.of(Constraint.CAPACITY));
    var serves =
        Candidates.local(
            "llama2:7b",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.OWNED,
            0,
            0.0001,
            30.44,
            0.1,
            900.0,
            45.3,
            Set.of());
    var unbounded = Candidates.cloud("slow", 1, 0.0001, 1, null, 80.0, Set.of(Constraint.LATENCY));
    var cloud = Candidates.cloud("gpt-x", 517.44, 0.0017, 2.43, 700.0, 80.0, Set.of());

    List<Advice.BreakEven> out =
        BreakEvenAnalysis.ofLeaders(List.of(cannotLoad, unbounded, serves, cloud), REQUEST);

    assertThat(out)
        .singleElement()
        .satisfies(
            be -> {
              assertThat(be.a()).isEqualTo("ollama/llama2:7b@rtx-4090");
              assertThat(be.b()).isEqualTo("openai/gpt-x");
            });
  }

  @Test
  void should_give_no_break_even_when_one_kind_is_missing() {
    var cloud = Candidates.cloud("gpt-x", 517.44, 0.0017, 2.43, 700.0, 80.0, Set.of());

    assertThat(BreakEvenAnalysis.ofLeaders(List.of(cloud), REQUEST)).isEmpty();
  }

  @Test
  void should_draw_no_cloud_break_even_when_data_must_stay_local() {
    var local =
        Candidates.local(
            "llama2:7b",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.OWNED,
            0,
            0.0001,
            30.44,
            0.1,
            900.0,
            45.3,
            Set.of());
    var cloud = Candidates.cloud("gpt-x", 517.44, 0.0017, 2.43, 700.0, 80.0, Set.of());

    assertThat(BreakEvenAnalysis.ofLeaders(List.of(local, cloud), request(false, null))).hasSize(1);
    assertThat(BreakEvenAnalysis.ofLeaders(List.of(local, cloud), request(true, null))).isEmpty();
  }

  @Test
  void should_compare_with_the_named_offering_when_the_request_names_one() {
    var local =
        Candidates.local(
            "llama2:7b",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.OWNED,
            0,
            0.0001,
            30.44,
            0.1,
            900.0,
            45.3,
            Set.of());
    var best = Candidates.cloud("gpt-x", 517.44, 0.0017, 2.43, 700.0, 80.0, Set.of());
    var named = Candidates.cloud("gpt-y", 900.0, 0.003, 4.0, 700.0, 85.0, Set.of());

    assertThat(
            BreakEvenAnalysis.ofLeaders(
                List.of(local, best, named), request(false, "openai/gpt-y")))
        .singleElement()
        .satisfies(be -> assertThat(be.b()).isEqualTo("openai/gpt-y"));
  }
}
