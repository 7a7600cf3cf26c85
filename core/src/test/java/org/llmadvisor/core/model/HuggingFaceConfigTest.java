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
}
