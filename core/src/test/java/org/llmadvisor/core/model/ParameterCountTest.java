package org.llmadvisor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  private static Map<String, String> reference(String model) {
    return ReferenceCsv.read("params.csv").stream()
        .filter(r -> r.get("model").equals(model))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no params.csv row " + model));
  }

  /**
   * Proves the test's closed form is right before it is used as the expectation below: over the
   * Llama 2 7B hyper-parameters of {@code params.csv} it gives that row's published exact count
   * (6,738,415,616, keras-hub preset {@code llama2_7b_en}).
   */
  @Test
  void should_give_the_published_llama_2_7b_count_when_using_the_closed_form() {
    Map<String, String> row = reference("Llama 2 7B");

    assertThat(ClosedFormCount.llama(row)).isEqualTo(Long.parseLong(row.get("n_params_exact")));
  }

  /**
   * Proves the counting code agrees with a formula written out independently of it, over the
   * hyper-parameters {@code params.csv} cites for each model (Lightning-AI/litgpt config.py,
   * mirroring the models' Hugging Face config.json). 13B, 70B and TinyLlama have no published exact
   * count; Llama 3 8B and Mistral 7B are also held to their cited exact counts in the catalog by
   * {@link #should_give_every_published_exact_count_in_the_catalog()}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Llama 2 13B, llama-2-13b",
    "Llama 2 70B, llama-2-70b",
    "Llama 3 8B, llama-3-8b",
    "Mistral 7B v0.1, mistral-7b",
    "TinyLlama 1.1B, tinyllama-1.1b"
  })
  void should_equal_the_closed_form_of_the_published_shape_when_counting_a_llama_family_preset(
      String model, String presetId) {
    assertThat(count(presetId).total()).isEqualTo(ClosedFormCount.llama(reference(model)));
  }

  /**
   * Proves the mixture-of-experts count: total and active parameters equal the closed form over
   * mistralai/Mixtral-8x7B-v0.1 config.json (hidden_size 4096, intermediate_size 14336,
   * num_hidden_layers 32, num_attention_heads 32 of 128, num_key_value_heads 8, vocab_size 32000,
   * num_local_experts 8, num_experts_per_tok 2, tie_word_embeddings false), and round to the
   * figures Mistral AI published ("Mixtral of experts", 2023-12-11: 46.7B total, 12.9B per token).
   */
  @Test
  void should_count_mixtral_total_and_active_parameters() {
    ParameterCount p = count("mixtral-8x7b");

    assertThat(p.total())
        .isEqualTo(ClosedFormCount.mixtral(32000, 4096, 32, 32, 8, 128, 14336, 8, 8));
    assertThat(p.activePerToken())
        .isEqualTo(ClosedFormCount.mixtral(32000, 4096, 32, 32, 8, 128, 14336, 8, 2));
    assertThat(p.total() / 1e9).isCloseTo(46.7, within(0.05));
    assertThat(p.activePerToken() / 1e9).isCloseTo(12.9, within(0.05));
  }

  /**
   * Proves the parallel block, LayerNorm biases and output-head bias of Phi-2 are counted: the
   * total equals the closed form over the {@code params.csv} row (d 2560, 32 layers, d_ff 10240,
   * vocab 51200) with litgpt's phi-2 entry for the rest (shared_attention_norm, lm_head_bias,
   * biases on every linear layer), and the head's bias has one entry per vocabulary token.
   */
  @Test
  void should_count_phi2_with_its_parallel_block_and_output_bias() {
    Map<String, String> row = reference("Phi-2");
    long vocab = Long.parseLong(row.get("vocab_size"));
    ParameterCount p = count("phi-2");

    assertThat(p.total())
        .isEqualTo(
            ClosedFormCount.phi(
                vocab,
                Long.parseLong(row.get("d_model")),
                Long.parseLong(row.get("n_layers")),
                Long.parseLong(row.get("d_ff"))));
    assertThat(p.component(Component.OUTPUT_HEAD).biases()).isEqualTo(vocab);
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
    // Weights and biases written out tensor by tensor from the GPT-2 small shape (V 50257, 1024
    // positions, d 768, 12 layers, MLP 3072); together they make the published 124,439,808.
    long weights =
        50257L * 768
            + 1024L * 768
            + 12L * (768 * 2304 + 768 * 768 + 2 * 768 * 3072 + 2 * 768)
            + 768;
    long biases = 12L * (2304 + 768 + 3072 + 768) + (2L * 12 + 1) * 768;
    assertThat(weights + biases).isEqualTo(124_439_808L);
    assertThat(p.weights()).isEqualTo(weights);
    assertThat(p.biases()).isEqualTo(biases);
  }

  @Test
  void should_have_no_biases_in_llama_2() {
    ParameterCount p = count("llama-2-7b");
    assertThat(p.biases()).isZero();
    assertThat(p.component(Component.OUTPUT_HEAD).weights()).isEqualTo(32000L * 4096);
    assertThat(p.activePerToken()).isEqualTo(p.total());
  }
}
