package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/**
 * The two workloads of the fleets issue: one past a single GPU's throughput, one past its memory.
 */
class FleetAdviceTest {

  private static final Advisor ADVISOR = Advisor.bundled();
  private static final HardwareCatalog HARDWARE = HardwareCatalog.bundled();

  private static void print(Advice a, int n) {
    a.recommendations().stream()
        .limit(n)
        .forEach(
            r ->
                System.out.printf(
                    "%-62s %s $%,11.2f p95 %s%n",
                    r.id(),
                    r.meetsAll() ? "OK " : "no ",
                    r.predicted().monthlyCost().toDouble(),
                    r.predicted().p95LatencyMs()));
  }

  /**
   * 2,000,000 requests a day around the clock, peak factor 2, 300 prompt and 150 output tokens, p95
   * end to end within 5 s, MMLU at least 65, $20,000 a month: no single server keeps up, and the
   * cheapest cloud model good enough costs more than the budget.
   */
  @Test
  void should_answer_a_high_volume_workload_with_a_fleet_well_under_the_cloud() {
    AdviceRequest r =
        new AdviceRequest(
            new Workload(
                2_000_000, 24, 2, TokenDistribution.fixed(300), TokenDistribution.fixed(150), 1),
            5_000,
            LatencyTarget.END_TO_END,
            Optional.of(20_000.0),
            Optional.of(65.0),
            false,
            List.of(),
            true);

    Advice a = ADVISOR.advise(r);
    print(a, 8);

    assertThat(a.best()).isNotNull();
    Recommendation best = a.recommendations().get(0);
    assertThat(best.meetsAll()).isTrue();
    assertThat(best.kind()).isEqualTo(Recommendation.Kind.LOCAL);
    var shape = best.id().shape();
    assertThat(shape.replicas() > 1 || shape.devicesPerServer() > 1).isTrue();
    assertThat(best.json().replicas()).isEqualTo(shape.replicas());
    assertThat(best.reasons())
        .anyMatch(s -> s.contains(shape.replicas() + " servers × ") && s.contains("% busy at peak"))
        .anyMatch(s -> s.contains("One server alone would"));
    double cheapestGoodCloud =
        a.recommendations().stream()
            .filter(x -> x.kind() == Recommendation.Kind.CLOUD && x.meetsQuality())
            .mapToDouble(x -> x.predicted().monthlyCost().toDouble())
            .min()
            .orElseThrow();
    System.out.printf(
        "best %s at $%,.0f a month; cheapest cloud meeting the floor $%,.0f%n",
        best.id(), best.predicted().monthlyCost().toDouble(), cheapestGoodCloud);
    assertThat(best.predicted().monthlyCost().toDouble()).isLessThan(cheapestGoodCloud / 2);
    assertThat(RecommendationId.parse(a.best())).isEqualTo(best.id());
  }

  /**
   * Llama 3 70B on the premises (data stays local, MMLU at least 75): two 24 GB cards in one
   * server, one 80 GB card or a Mac Studio hold the whole model.
   */
  @Test
  void should_offer_multi_gpu_and_apple_servers_that_hold_a_70b_model() {
    AdviceRequest r =
        new AdviceRequest(
            new Workload(
                2_000, 8, 2, TokenDistribution.of(500, 1500), TokenDistribution.of(200, 500), 1),
            30_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.of(75.0),
            true,
            List.of(),
            true);

    Advice a = ADVISOR.advise(r);
    print(a, 8);

    assertThat(a.best()).isNotNull();
    Recommendation best = a.recommendations().get(0);
    assertThat(best.meetsAll()).isTrue();
    // Ollama's Llama 3 70B or vLLM's Llama 3.1 70B
    assertThat(best.modelId()).matches("llama3:70b.*|.*Llama-3\\.1-70B.*");
    List<Recommendation> seventy =
        a.recommendations().stream()
            .filter(x -> x.modelId().startsWith("llama3:70b") && x.meetsAll())
            .toList();
    assertThat(seventy)
        .anySatisfy(
            x -> {
              assertThat(x.id().shape().devicesPerServer()).isGreaterThan(1);
              assertThat(x.local().orElseThrow().memory().fits()).isTrue();
              assertThat(x.reasons().get(0)).contains("split by layer");
            });
    // a Mac is one device: it holds the model, though a request alone may take longer than wanted
    assertThat(a.recommendations())
        .filteredOn(x -> x.modelId().startsWith("llama3:70b"))
        .anySatisfy(
            x -> {
              Hardware hw = HARDWARE.find(x.local().orElseThrow().hardwareId()).orElseThrow();
              assertThat(hw.kind()).isEqualTo(Hardware.Kind.APPLE);
              assertThat(x.local().orElseThrow().memory().fits()).isTrue();
            });
    seventy.stream()
        .sorted(Comparator.comparingDouble(x -> x.predicted().monthlyCost().toDouble()))
        .limit(5)
        .forEach(x -> System.out.println(x.id() + " " + x.reasons().get(0)));
    a.recommendations().stream()
        .filter(x -> x.modelId().startsWith("llama3:70b") && x.id().format().contains("@mac-"))
        .forEach(
            x ->
                System.out.println(
                    x.id()
                        + " "
                        + x.meetsAll()
                        + " "
                        + x.reasons().get(0)
                        + " "
                        + x.reasons().get(2)));
  }

  /**
   * The same workload with the slots left to the advisor costs no more than 1.1 times the cheapest
   * answer any forced count gives, and its best names its slots.
   */
  @Test
  void should_cost_no_more_than_the_best_forced_slots_when_the_advisor_chooses_them() {
    double cheapestForced = Double.POSITIVE_INFINITY;
    for (int p : List.of(1, 2, 4, 8, 16, 32, 64)) {
      Advice forced = ADVISOR.advise(highVolume(OptionalInt.of(p)));
      assertThat(forced.recommendations().get(0).reasons())
          .anyMatch(s -> s.contains(p + " per server, as the workload asks"));
      cheapestForced =
          Math.min(
              cheapestForced, forced.recommendations().get(0).predicted().monthlyCost().toDouble());
    }

    Advice auto = ADVISOR.advise(highVolume(OptionalInt.empty()));

    Recommendation best = auto.recommendations().get(0);
    assertThat(best.meetsAll()).isTrue();
    assertThat(best.predicted().monthlyCost().toDouble()).isLessThanOrEqualTo(1.1 * cheapestForced);
    int slots = best.local().orElseThrow().parallelSlots();
    assertThat(slots).isGreaterThan(1);
    assertThat(best.json().parallelSlots()).isEqualTo(slots);
    assertThat(best.reasons())
        .anyMatch(
            s -> s.contains("Parallel slots: " + slots + " per server, chosen by the advisor"))
        .anyMatch(s -> s.startsWith("More slots would not help: "));
  }

  private static AdviceRequest highVolume(OptionalInt parallel) {
    return new AdviceRequest(
        new Workload(
            2_000_000, 24, 2, TokenDistribution.fixed(300), TokenDistribution.fixed(150), parallel),
        5_000,
        LatencyTarget.END_TO_END,
        Optional.of(20_000.0),
        Optional.of(65.0),
        false,
        List.of(),
        true);
  }
}
