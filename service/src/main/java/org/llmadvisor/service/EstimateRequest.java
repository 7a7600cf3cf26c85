package org.llmadvisor.service;

import java.util.Arrays;
import java.util.Optional;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.SizingRequest;

/**
 * Body of {@code POST /api/estimate}. {@code model} is a preset id, an object of architecture
 * fields, or a Hugging Face config.json object (recognised by its {@code model_type}); {@code
 * hardware} is a catalog id or {@code {"name","kind","memoryGiB","memoryBandwidthGBps",
 * "fp16Tflops"}}. Omitted numbers take the defaults Ollama uses; the context, Ollama's default
 * capped at the model's own ({@link ContextWindow}). {@code devicesPerServer} sizes one server
 * whose identical GPUs split the layers (llama.cpp's layer split), as a fleet recommendation's
 * shape does.
 */
public record EstimateRequest(
    ModelRef model,
    String quantization,
    Long contextTokens,
    Long parallel,
    String kvCacheType,
    HardwareRef hardware,
    Long promptTokens,
    Long outputTokens,
    Long devicesPerServer) {

  /** The largest server the catalog prices (an 8-GPU host); more is not one server's shape. */
  static final long MAX_DEVICES_PER_SERVER = 8;

  static final long MAX_TOKENS = 10_000_000;

  /** The request checked field by field, defaults filled in, presets and catalog ids resolved. */
  public record Valid(
      ModelRef.Resolved model, QuantRecipe quantization, Hardware hardware, SizingRequest sizing) {}

  /** Checks every field and resolves it; a refusal names the field. */
  public Valid validate(Catalogs catalogs) {
    FieldPath body = FieldPath.BODY;
    ModelRef.Resolved m =
        body.field("model")
            .required(model, "a preset id or an object of architecture fields")
            .validate(body.field("model"), catalogs.models());
    String recipe = Optional.ofNullable(quantization).orElse("Q4_K_M");
    QuantRecipe q =
        QuantRecipe.parse(recipe)
            .orElseThrow(
                () ->
                    body.field("quantization")
                        .invalid(
                            "'"
                                + recipe
                                + "' is not a llama.cpp recipe; use one of "
                                + Arrays.toString(QuantRecipe.values())));
    long ctx =
        body.field("contextTokens")
            .integer(contextTokens, ContextWindow.byDefault(m.architecture()), 1, MAX_TOKENS);
    int par = (int) body.field("parallel").integer(parallel, 1, 1, 256);
    String kvType = Optional.ofNullable(kvCacheType).orElse("f16");
    KvCacheType kv =
        KvCacheType.parse(kvType)
            .filter(t -> t != KvCacheType.F32)
            .orElseThrow(
                () ->
                    body.field("kvCacheType")
                        .invalid("must be one of f16|q8_0|q4_0, was '" + kvType + "'"));
    Hardware hw =
        body.field("hardware")
            .required(
                hardware,
                "a catalog id or {name, kind, memoryGiB, memoryBandwidthGBps, fp16Tflops}")
            .validate(body.field("hardware"), catalogs.hardware());
    int devices =
        (int)
            body.field("devicesPerServer").integer(devicesPerServer, 1, 1, MAX_DEVICES_PER_SERVER);
    if (devices > 1 && hw.kind() != Hardware.Kind.GPU) {
      throw body.field("devicesPerServer")
          .invalid(
              "must be 1 for "
                  + hw.name()
                  + ": a CPU or an Apple chip is one device per machine, was "
                  + devices);
    }
    long prompt = body.field("promptTokens").integer(promptTokens, 512, 0, MAX_TOKENS);
    long output = body.field("outputTokens").integer(outputTokens, 128, 1, MAX_TOKENS);
    if (prompt + output > ctx * par && prompt + output > ctx) {
      throw body.field("contextTokens")
          .invalid(
              "(" + ctx + ") must hold promptTokens + outputTokens (" + (prompt + output) + ")");
    }
    Architecture a = m.architecture();
    return new Valid(
        m,
        q,
        hw,
        new SizingRequest(a, q.name(), q.apply(a), ctx, par, kv, hw, prompt, output, devices));
  }
}
