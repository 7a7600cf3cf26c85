package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/** vLLM candidates beside Ollama's, on the volume end where continuous batching pays. */
class VllmAdviceTest {

  private static Advice twoMillion;

  @BeforeAll
  static void advise() {
    // 2,000,000 requests a day of 300 in / 150 out, p95 within 5 s, MMLU 65 or better
    twoMillion =
        Advisor.bundled()
            .advise(
                new AdviceRequest(
                    new Workload(
                        2_000_000,
                        24,
                        2,
                        TokenDistribution.fixed(300),
                        TokenDistribution.fixed(150)),
                    5_000,
                    LatencyTarget.END_TO_END,
                    Optional.empty(),
                    Optional.of(65.0),
                    false,
                    List.of(),
                    true));
  }

  private static List<Recommendation> meetingAll(String provider) {
    return twoMillion.recommendations().stream()
        .filter(r -> r.provider().equals(provider) && r.meetsAll())
        .sorted(Comparator.comparing(r -> r.predicted().monthlyCost()))
        .toList();
  }

  @Test
  void should_list_vllm_candidates_meeting_every_constraint_the_cheapest_no_dearer_than_ollama() {
    List<Recommendation> vllm = meetingAll("vllm");
    List<Recommendation> ollama = meetingAll("ollama");
    assertThat(vllm).isNotEmpty();
    assertThat(ollama).isNotEmpty();

    // continuous batching on the same GPUs: vLLM's GPTQ weights with its sequences sharing each
    // step serve the peak on as few servers as Ollama's best slot count, and cost no more
    assertThat(vllm.get(0).predicted().monthlyCost())
        .isLessThanOrEqualTo(ollama.get(0).predicted().monthlyCost());
    assertThat(vllm.get(0).id().shape().replicas())
        .isLessThanOrEqualTo(ollama.get(0).id().shape().replicas());
  }

  @Test
  void should_carry_the_arguments_vllm_is_started_with() {
    Recommendation best = meetingAll("vllm").get(0);
    VllmServing s = best.local().orElseThrow().vllm().orElseThrow();

    assertThat(best.id().provider()).isEqualTo(RecommendationId.Provider.VLLM);
    assertThat(best.id().model()).isEqualTo(s.model());
    assertThat(s.tensorParallelSize()).isEqualTo(best.id().shape().devicesPerServer());
    assertThat(s.maxNumSeqs()).isEqualTo(best.local().get().parallelSlots());
    assertThat(s.maxModelLen()).isGreaterThanOrEqualTo(450);
    assertThat(best.json().engine()).isEqualTo("vllm");
    assertThat(best.reasons())
        .anySatisfy(r -> assertThat(r).contains("vllm serve --max-num-seqs " + s.maxNumSeqs()));
  }

  @Test
  void should_offer_fp8_only_on_gpus_with_fp8_units() {
    assertThat(twoMillion.recommendations())
        .filteredOn(
            r -> r.provider().equals("vllm") && r.local().get().quantization().equals("FP8"))
        .isNotEmpty()
        .noneMatch(r -> r.local().get().hardwareId().startsWith("rtx-30"))
        .noneMatch(r -> r.local().get().hardwareId().startsWith("a100"));
  }

  @Test
  void should_say_which_engine_and_what_ollama_needs() {
    Recommendation vllm = meetingAll("vllm").get(0);
    Recommendation ollama = meetingAll("ollama").get(0);

    assertThat(vllm.reasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "Engine: vLLM, " + vllm.local().get().parallelSlots() + " sequences")
                    .contains(
                        "Ollama's cheapest that meets every constraint, "
                            + ollama.model()
                            + " on "
                            + ollama.local().get().hardwareName())
                    .contains("needs " + ollama.id().shape().replicas() + " server"));
    // Ollama's models that vLLM does not serve here are not compared
    assertThat(twoMillion.recommendations())
        .filteredOn(r -> r.provider().equals("ollama"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.reasons()).noneMatch(x -> x.startsWith("Engine:")));
  }
}
