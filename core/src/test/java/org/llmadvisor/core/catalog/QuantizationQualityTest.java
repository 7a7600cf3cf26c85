package org.llmadvisor.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuantizationQualityTest {

  private static final OfferingCatalog CATALOG = OfferingCatalog.bundled();
  private static final QuantizationQuality LOSS = CATALOG.quantizationQuality();

  @Test
  void should_take_the_measured_loss_when_the_recipe_was_measured() {
    // matt-c1/llama-3-quant-comparison: Llama 3 8B Instruct fp16 65.20, Q2_K 55.90, Q4_K_M 64.64
    assertThat(LOSS.loss("Q2_K").orElseThrow().points()).isCloseTo(65.20 - 55.90, within(1e-9));
    assertThat(LOSS.loss("Q4_K_M").orElseThrow().points()).isCloseTo(65.20 - 64.64, within(1e-9));
    assertThat(LOSS.loss("Q8_0").orElseThrow().points()).isZero();
  }

  @Test
  void should_interpolate_on_the_perplexity_increase_when_only_that_is_published() {
    // Q4_0 is +0.4685 ppl; the measured recipes around it are Q4_K_S (+0.2689, 0.57 points)
    // and Q3_K_L (+0.5562, 2.35 points): 0.57 + (0.4685 - 0.2689) / (0.5562 - 0.2689) * 1.78
    var q40 = LOSS.loss("Q4_0").orElseThrow();
    assertThat(q40.points()).isCloseTo(0.57 + 0.1996 / 0.2873 * 1.78, within(1e-9));
    assertThat(q40.basis()).contains("interpolated between Q4_K_S and Q3_K_L");
  }

  @Test
  void should_rank_q2_k_below_q4_k_m_at_or_below_q8_0_when_a_model_has_them() {
    Map<String, Set<String>> recipes =
        CATALOG.tags().stream()
            .collect(
                Collectors.groupingBy(
                    OllamaTag::preset,
                    Collectors.mapping(t -> t.quantization().name(), Collectors.toSet())));
    int compared = 0;
    for (var e : recipes.entrySet()) {
      String preset = e.getKey();
      if (CATALOG.quality(preset).isEmpty()) {
        continue;
      }
      double q2 = score(preset, "Q2_K");
      double q4 = score(preset, "Q4_K_M");
      double q8 = score(preset, "Q8_0");
      assertThat(q2).as(preset).isLessThan(q4);
      assertThat(q4).as(preset).isLessThanOrEqualTo(q8);
      assertThat(q8).as(preset).isLessThanOrEqualTo(CATALOG.quality(preset).get().score());
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(5);
  }

  @Test
  void should_say_the_16_bit_score_and_the_loss_when_a_quantized_score_is_given() {
    Quality q = CATALOG.quality("llama-3-70b", "Q2_K").orElseThrow();
    assertThat(q.score()).isCloseTo(79.5 - 9.3, within(1e-9));
    assertThat(q.basis().orElseThrow())
        .startsWith("MMLU 79.5 in 16 bits")
        .contains("Q2_K loses about 9.3 points")
        .contains("matt-c1/llama-3-quant-comparison");
  }

  private static double score(String preset, String quantization) {
    return CATALOG.quality(preset, quantization).orElseThrow().score();
  }
}
