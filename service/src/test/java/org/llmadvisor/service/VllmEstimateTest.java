package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /api/estimate} with {@code "engine": "vllm"}: the vLLM model behind the estimate. */
class VllmEstimateTest {

  static final Catalogs CATALOGS = Catalogs.load(Optional.empty());
  static final EstimateService SERVICE = new EstimateService(CATALOGS);

  static EstimateResponse estimate(String json) {
    return SERVICE.estimate(ServiceJson.read(json, EstimateRequest.class));
  }

  static String error(String json) {
    try {
      estimate(json);
    } catch (ApiException e) {
      return e.field() + ": " + e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void should_answer_aggregate_speed_from_vllm_when_engine_is_vllm() {
    EstimateResponse r =
        estimate(
            "{\"model\": \"llama-3.1-8b\", \"hardware\": \"h100-80gb-sxm\", \"engine\": \"vllm\","
                + " \"parallel\": 32, \"promptTokens\": 1024, \"outputTokens\": 128}");

    assertThat(r.engine()).isEqualTo("vllm");
    assertThat(r.quantization()).isEqualTo("bf16");
    assertThat(r.memory().fits()).isTrue();
    assertThat(r.vllm().blockTokens()).isEqualTo(16);
    assertThat(r.vllm().maxNumSeqs()).isEqualTo(1024);
    assertThat(r.vllm().runningSequences()).isEqualTo(32);
    // 32 sequences share each read of the weights: far more in all than one alone, less each
    assertThat(r.speed().aggregateGenerationTokensPerSecond())
        .isGreaterThan(8 * r.speed().generationTokensPerSecondEach());
    assertThat(r.speed().aggregateGenerationTokensPerSecond())
        .isCloseTo(
            32 * r.speed().generationTokensPerSecondEach(),
            org.assertj.core.data.Offset.offset(1.0));
    assertThat(r.basis().get(0)).startsWith("Engine: vLLM");
  }

  @Test
  void should_keep_ollama_when_engine_is_left_out() {
    EstimateResponse r = estimate("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\"}");
    assertThat(r.engine()).isEqualTo("ollama");
    assertThat(r.vllm()).isNull();
    assertThat(r.quantization()).isEqualTo("Q4_K_M");
  }

  @Test
  void should_take_awq_and_hold_more_sequences_than_bf16() {
    EstimateResponse bf16 =
        estimate("{\"model\": \"llama-3.1-8b\", \"hardware\": \"rtx-4090\", \"engine\": \"vllm\"}");
    EstimateResponse awq =
        estimate(
            "{\"model\": \"llama-3.1-8b\", \"hardware\": \"rtx-4090\", \"engine\": \"vllm\","
                + " \"quantization\": \"awq\"}");
    assertThat(awq.memory().weightsBytes()).isLessThan(bf16.memory().weightsBytes() / 2);
    assertThat(awq.vllm().kvBlocks()).isGreaterThan(bf16.vllm().kvBlocks());
  }

  @Test
  void should_refuse_a_gguf_recipe_for_vllm_naming_the_field() {
    assertThat(
            error(
                "{\"model\": \"llama-3.1-8b\", \"hardware\": \"rtx-4090\", \"engine\": \"vllm\","
                    + " \"quantization\": \"Q4_K_M\"}"))
        .contains("quantization")
        .contains("bf16|fp16|fp8|awq|gptq");
  }

  @Test
  void should_refuse_fp8_on_a_gpu_without_fp8_naming_the_field() {
    assertThat(
            error(
                "{\"model\": \"llama-3.1-8b\", \"hardware\": \"a100-80gb-sxm\", \"engine\":"
                    + " \"vllm\", \"quantization\": \"fp8\"}"))
        .contains("quantization")
        .contains("FP8");
  }

  @Test
  void should_refuse_vllm_on_a_cpu_or_an_apple_chip_naming_the_field() {
    assertThat(
            error(
                "{\"model\": \"llama-3.1-8b\", \"hardware\": \"m2-max-38c\", \"engine\": \"vllm\"}"))
        .contains("hardware")
        .contains("Apple");
    assertThat(
            error(
                "{\"model\": \"llama-3.1-8b\", \"hardware\": \"cpu-ddr5-5600-2ch\", \"engine\":"
                    + " \"vllm\"}"))
        .contains("hardware")
        .contains("CPU");
  }

  @Test
  void should_refuse_an_unknown_engine_naming_the_field() {
    assertThatThrownBy(
            () ->
                estimate(
                    "{\"model\": \"llama-3.1-8b\", \"hardware\": \"rtx-4090\", \"engine\":"
                        + " \"tgi\"}"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).field())
        .asString()
        .contains("engine");
  }
}
