package org.llmadvisor.service;

import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.vllm.VllmException;
import org.llmadvisor.core.vllm.VllmFormat;
import org.llmadvisor.core.vllm.VllmRequest;

/**
 * An estimate request with {@code "engine": "vllm"}, checked field by field. {@code quantization}
 * is vLLM's weight format ({@code bf16} by default, {@code fp16}, {@code fp8}, {@code awq}, {@code
 * gptq}); {@code parallel} the requests in flight; {@code devicesPerServer} the tensor-parallel
 * size; {@code contextTokens} {@code --max-model-len}, by default the model's own context capped at
 * {@link #DEFAULT_MAX_MODEL_LEN}. Ollama's {@code kvCacheType}, {@code threads} and {@code
 * quantizedOn} do not apply and are refused when given.
 */
final class VllmEstimateRequest {

  /**
   * The {@code --max-model-len} assumed when none is given. vLLM's own default is the model's whole
   * context (128k for Llama 3.1), whose KV cache alone does not fit beside an 8B model on a 24 GB
   * GPU; a platform engineer sets it to what the product sends.
   */
  static final long DEFAULT_MAX_MODEL_LEN = 8192;

  /** The most requests in flight an estimate takes (vLLM's largest default --max-num-seqs). */
  static final long MAX_CONCURRENCY = 1024;

  /** The checked request: the model as resolved and what the core estimates. */
  record Valid(ModelRef.Resolved model, VllmRequest request) {}

  private VllmEstimateRequest() {}

  static Valid validate(EstimateRequest r, Catalogs catalogs) {
    FieldPath body = FieldPath.BODY;
    ModelRef.Resolved m =
        body.field("model")
            .required(r.model(), "a model name or an object of architecture fields")
            .validate(body.field("model"), catalogs);
    if (m.file().isPresent()) {
      throw body.field("model")
          .invalid(
              "is a GGUF file, which vLLM does not serve here; name the model or its repository");
    }
    String q = Optional.ofNullable(r.quantization()).orElse("bf16");
    VllmFormat format =
        VllmFormat.parse(q)
            .orElseThrow(
                () ->
                    body.field("quantization")
                        .invalid(
                            "for engine vllm must be one of "
                                + VllmFormat.names()
                                + ", was '"
                                + q
                                + "'"));
    refuseOllamaOnly(body, "kvCacheType", r.kvCacheType() == null || "f16".equals(r.kvCacheType()));
    refuseOllamaOnly(body, "threads", r.threads() == null);
    refuseOllamaOnly(body, "quantizedOn", r.quantizedOn() == null);
    Hardware hw =
        body.field("hardware")
            .required(
                r.hardware(),
                "a catalog id or {name, kind, memoryGiB, memoryBandwidthGBps, fp16Tflops}")
            .validate(
                body.field("hardware"),
                catalogs.hardware(),
                ThisMachine.unavailable("is not detected here"));
    if (hw.kind() != Hardware.Kind.GPU) {
      throw body.field("hardware")
          .invalid(
              "engine vllm runs on NVIDIA or AMD GPUs; "
                  + hw.name()
                  + " is "
                  + (hw.kind() == Hardware.Kind.APPLE ? "an Apple chip" : "a CPU")
                  + " (use engine ollama)");
    }
    Architecture a = m.architecture();
    long ctx =
        body.field("contextTokens")
            .integer(
                r.contextTokens(),
                Math.min(a.contextLength(), DEFAULT_MAX_MODEL_LEN),
                1,
                EstimateRequest.MAX_TOKENS);
    int concurrency = (int) body.field("parallel").integer(r.parallel(), 1, 1, MAX_CONCURRENCY);
    int tp =
        (int)
            body.field("devicesPerServer")
                .integer(r.devicesPerServer(), 1, 1, EstimateRequest.MAX_DEVICES_PER_SERVER);
    long prompt = body.field("promptTokens").integer(r.promptTokens(), 512, 0, ctx);
    long output = body.field("outputTokens").integer(r.outputTokens(), 128, 1, ctx);
    if (prompt + output > ctx) {
      throw body.field("contextTokens")
          .invalid(
              "(--max-model-len "
                  + ctx
                  + ") must hold promptTokens + outputTokens ("
                  + (prompt + output)
                  + ")");
    }
    try {
      return new Valid(
          m, new VllmRequest(a, format, hw, tp, (int) ctx, concurrency, prompt, output));
    } catch (VllmException e) {
      throw body.field(fieldOf(e)).invalid(e.getMessage());
    }
  }

  /** The request field a core refusal is about. */
  static String fieldOf(VllmException e) {
    return switch (e.field()) {
      case "tensorParallel" -> "devicesPerServer";
      case "maxModelLen" -> "contextTokens";
      case "concurrency" -> "parallel";
      default -> e.field();
    };
  }

  private static void refuseOllamaOnly(FieldPath body, String field, boolean absent) {
    if (!absent) {
      throw body.field(field).invalid("applies to engine ollama; leave it out for engine vllm");
    }
  }
}
