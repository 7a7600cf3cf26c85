package org.llmadvisor.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EstimateResourceTest {

  private static io.restassured.response.ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/api/estimate").then();
  }

  @Test
  void should_estimate_a_preset_on_a_catalog_gpu() {
    post("""
            {"model": "llama-2-7b", "quantization": "Q4_0", "contextTokens": 4096, "parallel": 1,
             "kvCacheType": "f16", "hardware": "rtx-4090", "promptTokens": 512, "outputTokens": 128}
            """)
        .statusCode(200)
        // Meta's published count for Llama-2-7b (reference params.csv)
        .body("parameters.total", equalTo(6738415616L))
        .body("parameters.biases", equalTo(0))
        // vocabulary x hidden size
        .body("parameters.byComponent.embeddings.weights", equalTo(32000 * 4096))
        // llama-bench reports this file as "llama 7B Q4_0, 3.56 GiB" (llama.cpp discussion 4167)
        .body(
            "memory.weightsBytes",
            org.hamcrest.Matchers.allOf(
                greaterThan((long) (3.555 * (1L << 30))), lessThan((long) (3.565 * (1L << 30)))))
        // keys and values x 32 layers x 32 heads x 128 x 4,096 tokens x 2 bytes (f16)
        .body("memory.kvCacheBytes", equalTo(2L * 32 * 32 * 128 * 4096 * 2))
        .body("memory.fits", equalTo(true))
        .body("memory.gpuLayers", equalTo(33))
        .body("memory.totalLayers", equalTo(33))
        .body("speed.generationTokensPerSecond", greaterThan(150f))
        .body("speed.generationTokensPerSecond", lessThan(260f))
        .body("basis", hasItem(containsString("KV cache: 2 (keys and values) x 32 layers")));
  }

  @Test
  void should_answer_vllm_aggregate_speed_when_engine_is_vllm() {
    post("""
            {"model": "llama-3.1-8b", "hardware": "h100-80gb-sxm", "engine": "vllm",
             "parallel": 32, "promptTokens": 1024, "outputTokens": 128}
            """)
        .statusCode(200)
        .body("engine", equalTo("vllm"))
        .body("quantization", equalTo("bf16"))
        .body("vllm.blockTokens", equalTo(16))
        .body("vllm.runningSequences", equalTo(32))
        .body("speed.aggregateGenerationTokensPerSecond", greaterThan(1000f))
        .body("basis[0]", containsString("vLLM"));
  }

  @Test
  void should_refuse_a_llama_cpp_recipe_for_vllm_naming_the_field() {
    post("""
            {"model": "llama-3.1-8b", "hardware": "rtx-4090", "engine": "vllm",
             "quantization": "Q4_K_M"}
            """)
        .statusCode(400)
        .body("error.field", equalTo("quantization"));
  }

  @Test
  void should_estimate_an_architecture_given_field_by_field_on_custom_hardware() {
    post("""
            {"model": {"vocabSize": 50257, "hiddenSize": 768, "layers": 12, "attentionHeads": 12,
                       "intermediateSize": 3072, "mlp": "plain", "positions": "learned",
                       "contextLength": 1024, "tiedEmbeddings": true, "norm": "layernorm",
                       "linearBiases": true},
             "quantization": "F16", "contextTokens": 1024,
             "hardware": {"name": "my card", "kind": "gpu", "memoryGiB": 8,
                          "memoryBandwidthGBps": 300, "fp16Tflops": 40}}
            """)
        .statusCode(200)
        .body("parameters.total", equalTo(124439808))
        .body("parameters.byComponent.positions.weights", equalTo(786432))
        .body("hardware.name", equalTo("my card"))
        .body("memory.fits", equalTo(true));
  }

  @Test
  void should_accept_a_hugging_face_config_json_as_the_model() {
    post("""
            {"model": {"model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336,
              "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
              "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000,
              "max_position_embeddings": 32768},
             "quantization": "Q4_K_M", "hardware": "a100-80gb-sxm"}
            """)
        .statusCode(200)
        .body("parameters.total", equalTo(mixtral(8)))
        .body("parameters.activePerToken", equalTo(mixtral(2)));
  }

  /**
   * Mixtral 8x7B's parameters, written out from the config above with {@code experts} expert MLPs
   * counted per layer: untied embeddings and output head, attention with 8 key/value heads, SwiGLU
   * experts, the router and two RMSNorms per layer, one final norm. Mistral AI publishes 46.7B in
   * all and 12.9B active.
   */
  private static long mixtral(int experts) {
    long hidden = 4096;
    long kv = 8 * 128;
    long attention = 2 * hidden * hidden + 2 * hidden * kv;
    long expert = 3 * hidden * 14336;
    long layer = attention + experts * expert + hidden * 8 + 2 * hidden;
    return 32 * layer + 2 * 32000 * hidden + hidden;
  }

  @Test
  void should_explain_a_70b_model_offloaded_on_a_24_gb_card() {
    post("{\"model\": \"llama-2-70b\", \"quantization\": \"Q4_K_M\", \"hardware\": \"rtx-4090\"}")
        .statusCode(200)
        .body("memory.fits", equalTo(false))
        .body("memory.gpuLayers", lessThan(81))
        .body("basis", hasItem(containsString("on the CPU")));
  }

  @Test
  void should_reject_bad_input_naming_the_field() {
    post("{\"model\": \"llama-9\", \"hardware\": \"rtx-4090\"}")
        .statusCode(400)
        .body("error.field", equalTo("model"))
        .body("error.message", containsString("llama-9"));
    post("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"contextTokens\": -5}")
        .statusCode(400)
        .body("error.field", equalTo("contextTokens"));
    post("{\"model\": {\"vocabSize\": 100, \"hiddenSize\": 64, \"attentionHeads\": 4, \"intermediateSize\": 128}, \"hardware\": \"rtx-4090\"}")
        .statusCode(400)
        .body("error.field", equalTo("model.layers"));
    post("{\"model\": {\"vocabSize\": 100, \"hiddenSize\": -64, \"layers\": 2, \"attentionHeads\": 4, \"intermediateSize\": 128}, \"hardware\": \"rtx-4090\"}")
        .statusCode(400)
        .body("error.field", equalTo("model.hiddenSize"));
    post("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"quantization\": \"Q7_K\"}")
        .statusCode(400)
        .body("error.field", equalTo("quantization"));
    post("{\"model\": \"llama-2-7b\", \"hardware\": {\"kind\": \"gpu\", \"memoryGiB\": 24}}")
        .statusCode(400)
        .body("error.field", equalTo("hardware.memoryBandwidthGBps"));
    post("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"colour\": \"red\"}")
        .statusCode(400)
        .body("error.field", equalTo("colour"));
    post("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"parallel\": \"two\"}")
        .statusCode(400)
        .body("error.field", equalTo("parallel"));
    post("{\"model\": ").statusCode(400).body("error.code", equalTo("invalid_json"));
    post("{\"hardware\": \"rtx-4090\"}").statusCode(400).body("error.field", equalTo("model"));
  }

  @Test
  void should_list_the_catalogs_with_sources() {
    given()
        .when()
        .get("/api/catalog/models")
        .then()
        .statusCode(200)
        .body("find { it.id == 'llama-2-7b' }.parameters", equalTo(6738415616L))
        .body("find { it.id == 'llama-2-7b' }.source", containsString("config"));
    given()
        .when()
        .get("/api/catalog/hardware")
        .then()
        .statusCode(200)
        .body("find { it.id == 'rtx-4090' }.memoryBandwidthGBps", equalTo(1008.0f))
        .body("find { it.id == 'rtx-4090' }.source", containsString("http"));
  }

  @Test
  void should_give_the_aggregate_and_each_sequences_rate_when_parallel_is_above_one() {
    post("""
            {"model": "llama-3-8b", "quantization": "Q4_K_M", "contextTokens": 4096, "parallel": 8,
             "hardware": "rtx-4090", "promptTokens": 0, "outputTokens": 128}
            """)
        .statusCode(200)
        .body("speed.limit", equalTo("memory"))
        .body(
            "speed.aggregateGenerationTokensPerSecond",
            greaterThan(
                3
                    * post("""
                        {"model": "llama-3-8b", "quantization": "Q4_K_M", "contextTokens": 4096,
                         "parallel": 8, "hardware": "rtx-4090", "promptTokens": 0}
                        """)
                        .extract()
                        .<Float>path("speed.generationTokensPerSecond")))
        .body(
            "speed.generationTokensPerSecondEach",
            lessThan(
                post("""
                {"model": "llama-3-8b", "quantization": "Q4_K_M", "contextTokens": 4096,
                 "parallel": 8, "hardware": "rtx-4090", "promptTokens": 0}
                """)
                    .extract()
                    .<Float>path("speed.generationTokensPerSecond")))
        .body("basis", hasItem(containsString("8 sequences decoding together")));
    post("""
            {"model": "llama-3-8b", "quantization": "Q4_K_M", "parallel": 1, "hardware": "rtx-4090"}
            """)
        .statusCode(200)
        .body("speed.aggregateGenerationTokensPerSecond", equalTo(null));
  }

  @Test
  void should_split_a_model_across_the_gpus_of_one_server_when_devicesPerServer_is_given() {
    String body =
        """
        {"model": "llama-2-70b", "quantization": "Q4_K_M", "contextTokens": 4096,
         "hardware": "rtx-4090", "devicesPerServer": %d}
        """;
    // about 39 GiB of weights: one 24 GiB card leaves layers on the CPU, two hold them all
    post(body.formatted(1))
        .statusCode(200)
        .body("memory.devices", equalTo(1))
        .body("memory.fits", equalTo(false));
    post(body.formatted(2))
        .statusCode(200)
        .body("memory.devices", equalTo(2))
        .body("memory.fits", equalTo(true))
        .body("memory.gpuLayers", equalTo(81))
        .body("memory.largestDeviceBytes", lessThan(24L << 30));
  }

  @Test
  void should_refuse_a_devicesPerServer_a_server_cannot_have() {
    String body =
        """
        {"model": "llama-2-7b", "hardware": "%s", "devicesPerServer": %s}
        """;
    post(body.formatted("rtx-4090", "0"))
        .statusCode(400)
        .body("error.field", equalTo("devicesPerServer"));
    post(body.formatted("rtx-4090", "9"))
        .statusCode(400)
        .body("error.field", equalTo("devicesPerServer"))
        .body("error.message", containsString("8"));
    post(body.formatted("rtx-4090", "2.5"))
        .statusCode(400)
        .body("error.field", equalTo("devicesPerServer"));
    post(body.formatted("m2-ultra-76c", "2"))
        .statusCode(400)
        .body("error.field", equalTo("devicesPerServer"))
        .body("error.message", containsString("one device per machine"));
  }

  @Test
  void should_size_the_default_context_as_the_smaller_of_ollamas_and_the_models() {
    // Phi-2 was trained for 2,048 tokens: 2 x 32 layers x 2,560 x 2,048 tokens x 2 bytes (f16)
    post("{\"model\": \"phi-2\", \"hardware\": \"rtx-4090\"}")
        .statusCode(200)
        .body("memory.contextTokens", equalTo(2048))
        .body("memory.kvCacheBytes", equalTo(2 * 32 * 2560 * 2048 * 2))
        .body("basis", hasItem(containsString("x 2048 tokens")));
    // Llama 2 7B holds 4,096 and Mistral 7B 32,768: both get Ollama's 4,096
    post("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\"}")
        .statusCode(200)
        .body("memory.contextTokens", equalTo(4096));
    post("{\"model\": \"mistral-7b\", \"hardware\": \"rtx-4090\"}")
        .statusCode(200)
        .body("memory.contextTokens", equalTo(4096));
  }

  @Test
  void should_name_a_config_json_count_that_is_not_a_positive_integer() {
    for (String bad : new String[] {"\"big\"", "4096.5", "-4096"}) {
      post("{\"model\": {\"model_type\": \"llama\", \"hidden_size\": "
              + bad
              + "}, \"hardware\": \"rtx-4090\"}")
          .statusCode(400)
          .body("error.field", equalTo("model.hidden_size"))
          .body(
              "error.message", equalTo("model.hidden_size must be a positive integer, got " + bad));
    }
  }
}
