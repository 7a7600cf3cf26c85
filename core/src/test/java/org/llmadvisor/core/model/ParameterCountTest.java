package org.llmadvisor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.ModelPreset;

class ParameterCountTest {

  private final ModelCatalog catalog = ModelCatalog.bundled();

  private ParameterCount count(String id) {
    return ParameterCount.of(catalog.find(id).orElseThrow().architecture());
  }

  @Test
  void should_match_the_exact_published_counts_of_the_reference_table() {
    List<Map<String, String>> rows = ReferenceCsv.read("params.csv");
    int checked = 0;
    for (Map<String, String> row : rows) {
      String exact = row.get("n_params_exact");
      if (exact.isBlank()) {
        continue;
      }
      ModelPreset preset =
          catalog.all().stream()
              .filter(p -> p.name().equals(presetName(row.get("model"))))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no preset for " + row.get("model")));
      assertThat(ParameterCount.of(preset.architecture()).total())
          .as(row.get("model"))
          .isEqualTo(Long.parseLong(exact));
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  private static String presetName(String reference) {
    return switch (reference) {
      case "GPT-2 small (gpt2)" -> "GPT-2 small";
      case "Llama 2 7B" -> "Llama 2 7B";
      default -> reference;
    };
  }

  @Test
  void should_give_every_published_exact_count_in_the_catalog() {
    for (ModelPreset p : catalog.all()) {
      if (p.publishedParameters().isPresent()) {
        assertThat(ParameterCount.of(p.architecture()).total())
            .as(p.id())
            .isEqualTo(p.publishedParameters().getAsLong());
      }
    }
  }

  @Test
  void should_come_within_two_percent_of_gpt3_table_2_1() {
    for (Map<String, String> row : ReferenceCsv.read("params.csv")) {
      if (!row.get("family").equals("GPT-3")) {
        continue;
      }
      String nominal = row.get("n_params_nominal");
      double expected =
          nominal.endsWith("B")
              ? Double.parseDouble(nominal.replace("B", "")) * 1e9
              : Double.parseDouble(nominal.replace("M", "")) * 1e6;
      ModelPreset p =
          catalog.all().stream()
              .filter(m -> m.name().equals(row.get("model")))
              .findFirst()
              .orElseThrow();
      double actual = ParameterCount.of(p.architecture()).total();
      assertThat(Math.abs(actual - expected) / expected).as(row.get("model")).isLessThan(0.02);
    }
  }

  @Test
  void should_count_llama_2_and_3_models_from_their_shapes() {
    // 13B and 70B: no exact published figure in the reference; the 70B total agrees with the
    // safetensors index (137,953,316,864 bytes / 2 = 68,976,658,432, of which 10,240 are the 80
    // layers' fp32 rotary inv_freq buffers of 64 floats, counted in 2-byte units).
    assertThat(count("llama-2-13b").total()).isEqualTo(13_015_864_320L);
    assertThat(count("llama-2-70b").total()).isEqualTo(68_976_658_432L - 80 * 128);
    assertThat(count("llama-3-8b").total()).isEqualTo(8_030_261_248L);
    assertThat(count("mistral-7b").total()).isEqualTo(7_241_732_096L);
    assertThat(count("tinyllama-1.1b").total()).isEqualTo(1_100_048_384L);
  }

  @Test
  void should_count_mixtral_total_and_active_parameters() {
    ParameterCount p = count("mixtral-8x7b");
    // Mistral AI: "46.7B total parameters but only uses 12.9B parameters per token"
    assertThat(p.total() / 1e9).isCloseTo(46.7, within(0.05));
    assertThat(p.activePerToken() / 1e9).isCloseTo(12.9, within(0.05));
    assertThat(p.total()).isEqualTo(46_702_792_704L);
  }

  @Test
  void should_count_phi2_with_its_parallel_block_and_output_bias() {
    ParameterCount p = count("phi-2");
    assertThat(p.total()).isEqualTo(2_779_683_840L);
    assertThat(p.component(Component.OUTPUT_HEAD).biases()).isEqualTo(51_200);
  }

  @Test
  void should_break_gpt2_small_down_by_component_and_kind() {
    ParameterCount p = count("gpt2");
    assertThat(p.component(Component.EMBEDDINGS).weights()).isEqualTo(50257L * 768);
    assertThat(p.component(Component.POSITIONS).weights()).isEqualTo(1024L * 768);
    assertThat(p.component(Component.ATTENTION).total())
        .isEqualTo(12L * (768 * 2304 + 2304 + 768 * 768 + 768));
    assertThat(p.component(Component.MLP).total()).isEqualTo(12L * (2 * 768 * 3072 + 3072 + 768));
    assertThat(p.component(Component.NORMS).total()).isEqualTo((2L * 12 + 1) * 2 * 768);
    assertThat(p.component(Component.OUTPUT_HEAD).total()).isZero();
    long biases = 12L * (2304 + 768 + 3072 + 768) + (2L * 12 + 1) * 768;
    assertThat(p.biases()).isEqualTo(biases);
    assertThat(p.weights() + p.biases()).isEqualTo(p.total());
  }

  @Test
  void should_have_no_biases_in_llama_2() {
    ParameterCount p = count("llama-2-7b");
    assertThat(p.biases()).isZero();
    assertThat(p.component(Component.OUTPUT_HEAD).weights()).isEqualTo(32000L * 4096);
    assertThat(p.activePerToken()).isEqualTo(p.total());
  }
}
