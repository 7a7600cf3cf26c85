package org.llmadvisor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** config.json bodies as published on the Hugging Face hub (fields that matter for sizing). */
class HuggingFaceConfigTest {

  /** Proves a Llama config.json gives the published exact count of params.csv (keras-hub). */
  @Test
  void should_read_llama_2_7b() {
    String json =
        """
        {"_name_or_path": "meta-llama/Llama-2-7b-hf", "architectures": ["LlamaForCausalLM"],
         "hidden_act": "silu", "hidden_size": 4096, "intermediate_size": 11008,
         "max_position_embeddings": 4096, "model_type": "llama", "num_attention_heads": 32,
         "num_hidden_layers": 32, "num_key_value_heads": 32, "rms_norm_eps": 1e-05,
         "tie_word_embeddings": false, "torch_dtype": "float16", "vocab_size": 32000}
        """;
    assertThat(ParameterCount.of(HuggingFaceConfig.parse(json)).total()).isEqualTo(6_738_415_616L);
  }

  /**
   * Proves GPT-2's config.json, with its implicit tied head and biases, gives the published count.
   */
  @Test
  void should_read_gpt2_with_its_defaults() {
    String json =
        """
        {"activation_function": "gelu_new", "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768,
         "n_head": 12, "n_layer": 12, "n_positions": 1024, "vocab_size": 50257}
        """;
    assertThat(ParameterCount.of(HuggingFaceConfig.parse(json)).total()).isEqualTo(124_439_808L);
  }

  /**
   * Proves the mixture-of-experts and Phi fields of config.json are read: the counts equal the
   * closed forms over the same values (mistralai/Mixtral-8x7B-v0.1 and microsoft/phi-2
   * config.json).
   */
  @Test
  void should_read_mixtral_and_phi2() {
    String mixtral =
        """
        {"model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336,
         "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
         "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000,
         "max_position_embeddings": 32768, "tie_word_embeddings": false}
        """;
    // Expected: the closed form over the same config.json values (head size 4096 / 32 = 128).
    assertThat(ParameterCount.of(HuggingFaceConfig.parse(mixtral)).total())
        .isEqualTo(ClosedFormCount.mixtral(32000, 4096, 32, 32, 8, 128, 14336, 8, 8));
    String phi2 =
        """
        {"model_type": "phi", "hidden_size": 2560, "intermediate_size": 10240,
         "num_attention_heads": 32, "num_hidden_layers": 32, "vocab_size": 51200,
         "max_position_embeddings": 2048, "partial_rotary_factor": 0.4, "tie_word_embeddings": false}
        """;
    assertThat(ParameterCount.of(HuggingFaceConfig.parse(phi2)).total())
        .isEqualTo(ClosedFormCount.phi(51200, 2560, 32, 10240));
  }

  @Test
  void should_name_the_missing_or_bad_field() {
    assertThatThrownBy(
            () -> HuggingFaceConfig.parse("{\"model_type\": \"llama\", \"hidden_size\": 4096}"))
        .isInstanceOf(ArchitectureException.class)
        .hasMessageContaining("num_attention_heads");
    assertThatThrownBy(() -> HuggingFaceConfig.parse("{\"model_type\": \"t5\"}"))
        .hasMessageContaining("model_type");
    assertThatThrownBy(() -> HuggingFaceConfig.parse("not json"))
        .hasMessageContaining("not valid JSON");
  }

  static final String LLAMA_WITH_HIDDEN =
      """
      {"model_type": "llama", "hidden_size": %s, "intermediate_size": 11008,
       "num_attention_heads": 32, "num_hidden_layers": 32, "vocab_size": 32000}
      """;

  /**
   * Proves a count that is not a positive integer is reported as itself, naming the field and the
   * value, even where a field read before it would be missing.
   */
  @Test
  void should_name_the_field_when_a_count_is_not_a_positive_integer() {
    for (String bad : new String[] {"\"big\"", "4096.5", "-4096", "0", "true", "[4096]"}) {
      assertThatThrownBy(() -> HuggingFaceConfig.parse(LLAMA_WITH_HIDDEN.formatted(bad)))
          .as(bad)
          .isInstanceOf(ArchitectureException.class)
          .hasMessage("hidden_size must be a positive integer, got " + bad)
          .extracting(e -> ((ArchitectureException) e).field())
          .isEqualTo("hidden_size");
    }
    assertThatThrownBy(
            () -> HuggingFaceConfig.parse("{\"model_type\": \"llama\", \"hidden_size\": \"big\"}"))
        .hasMessage("hidden_size must be a positive integer, got \"big\"");
  }

  /** Proves every count of every supported family is checked the same way. */
  @Test
  void should_check_every_count_field() {
    for (String field : HuggingFaceConfig.COUNTS) {
      String json =
          "{\"model_type\": \"llama\", \"hidden_size\": 4096, \"" + field + "\": \"many\"}";
      assertThatThrownBy(() -> HuggingFaceConfig.parse(json))
          .as(field)
          .hasMessage(field + " must be a positive integer, got \"many\"");
    }
    assertThatThrownBy(
            () ->
                HuggingFaceConfig.parse(
                    "{\"model_type\": \"gpt2\", \"n_embd\": 768, \"n_layer\": 3000000000}"))
        .hasMessage("n_layer must be a positive integer, got 3000000000");
  }

  /** Proves a whole number written with a fraction reads as the integer, as the API reads it. */
  @Test
  void should_read_a_whole_number_written_with_a_fraction() {
    assertThat(HuggingFaceConfig.parse(LLAMA_WITH_HIDDEN.formatted("4096.0")).hiddenSize())
        .isEqualTo(4096);
  }
}
