package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Models named as people name them, estimated offline from the bundled catalog. */
class ModelNamesTest {

  private static final Catalogs CATALOGS = Catalogs.load(Optional.empty());
  private static final double GIB = 1L << 30;

  private static EstimateResponse estimate(String model, String quantization, String day) {
    return new EstimateService(CATALOGS)
        .estimate(
            new EstimateRequest(
                new ModelRef.Preset(model),
                quantization,
                2048L,
                null,
                null,
                new HardwareRef.CatalogId("rtx-4090"),
                null,
                null,
                null,
                null,
                day));
  }

  @ParameterizedTest
  @CsvSource({
    "llama3.2:1b, 1235814400",
    "llama3.2:3b, 3212749824",
    "llama3.1:8b, 8030261248",
    "qwen2.5:0.5b, 494032768",
    "qwen2.5:7b, 7615616512",
    "gemma2:9b, 9241705984",
    "mistral-nemo:12b, 12247782400",
    "phi4:14b, 14659507200",
    "qwen3:30b, 30532122624"
  })
  void should_give_the_published_total_when_a_model_is_named_by_its_ollama_tag(
      String tag, long published) {
    EstimateResponse r = estimate(tag, null, null);
    assertThat(r.parameters().total()).isEqualTo(published);
    assertThat(r.quantization()).isEqualTo("Q4_K_M");
    assertThat(r.model().resolvedFrom()).contains("ollama-library.json");
  }

  @Test
  void should_count_active_parameters_apart_when_the_tag_is_a_mixture_of_experts() {
    assertThat(estimate("qwen3:30b", null, null).parameters().activePerToken())
        .isEqualTo(3353032704L);
  }

  @ParameterizedTest
  @CsvSource({
    // Ollama's library pages list these downloads (GB) for the default tags
    "gpt-oss:20b, 14",
    "gpt-oss:120b, 65",
    "llama4:scout, 67"
  })
  void should_size_the_weights_within_a_tenth_of_the_listed_download_when_the_model_is_moe(
      String tag, double listedGB) {
    double gb = estimate(tag, null, null).memory().weightsBytes() / 1e9;
    assertThat(gb).isBetween(listedGB * 0.9, listedGB * 1.1);
  }

  @Test
  void should_take_the_recipe_and_day_of_the_tag_when_the_catalog_knows_the_exact_tag() {
    EstimateResponse r = estimate("llama2:7b-chat-q2_K", null, null);
    assertThat(r.quantization()).isEqualTo("Q2_K");
    assertThat(r.model().quantizedOn()).isEqualTo("2023-12-31");
    assertThat(r.model().recipeRevision()).isEqualTo("k-quants-2807");
  }

  @ParameterizedTest
  @CsvSource({
    // PR #2707's commit message, Llama 2 7B and 13B after it (GiB as llama.cpp prints it)
    "llama-2-7b, Q2_K, 2023-09-01, 2.632",
    "llama-2-7b, Q3_K_M, 2023-09-01, 3.07",
    "llama-2-7b, Q4_K_S, 2023-09-01, 3.59",
    "llama-2-13b, Q2_K, 2023-09-01, 5.056",
    // the same message, before it: files of June to August 2023
    "llama-2-7b, Q2_K, 2023-07-01, 2.670",
    "llama-2-13b, Q2_K, 2023-07-01, 5.130"
  })
  void should_size_a_2023_file_as_published_when_quantized_on_is_given(
      String model, String recipe, String day, double publishedGib) {
    double gib = estimate(model, recipe, day).memory().weightsBytes() / GIB;
    assertThat(gib).isCloseTo(publishedGib, org.assertj.core.api.Assertions.withinPercentage(3));
  }

  @Test
  void should_read_a_hugging_face_repository_from_the_catalog_when_offline() {
    EstimateResponse r = estimate("Qwen/Qwen2.5-7B-Instruct", null, null);
    assertThat(r.model().id()).isEqualTo("qwen2.5-7b");
    assertThat(r.model().resolvedFrom()).contains("Hugging Face repository");
  }

  @Test
  void should_read_an_hf_co_tag_as_the_model_its_gguf_repository_quantizes() {
    EstimateResponse r = estimate("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q8_0", null, null);
    assertThat(r.model().id()).isEqualTo("llama-3.2-1b");
    assertThat(r.quantization()).isEqualTo("Q8_0");
  }

  @Test
  void should_refuse_naming_what_was_tried_when_no_source_knows_the_name() {
    assertThatThrownBy(() -> estimate("nosuchmodel:7b", null, null))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("model")
        .hasMessageContaining("tried a preset id")
        .hasMessageContaining("an Ollama tag")
        .hasMessageContaining("a Hugging Face repository");
  }

  @Test
  void should_refuse_a_recipe_other_than_the_one_the_tag_names() {
    assertThatThrownBy(() -> estimate("llama3.1:8b-instruct-q4_K_M", "Q8_0", null))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("quantization");
  }

  @Test
  void should_refuse_a_day_that_is_not_a_date() {
    assertThatThrownBy(() -> estimate("llama-2-7b", "Q2_K", "last summer"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("quantizedOn");
  }
}
