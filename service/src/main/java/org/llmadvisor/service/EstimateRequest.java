package org.llmadvisor.service;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.memory.RecipeRevision;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.SizingRequest;

/**
 * Body of {@code POST /api/estimate}. {@code model} is a name ({@link ModelNames}: a preset id, an
 * Ollama tag, a Hugging Face repository, a GGUF file), an object of architecture fields, or a
 * Hugging Face config.json object (recognised by its {@code model_type}); {@code quantization}
 * defaults to the recipe an Ollama tag names, else Q4_K_M; {@code quantizedOn} (YYYY-MM-DD) sizes
 * the file by llama.cpp's recipes of that day, and defaults to the day the catalog knows for a tag;
 * {@code hardware} is a catalog id, {@code "local"} for this machine as detected and measured, or
 * {@code {"name","kind","memoryGiB","memoryBandwidthGBps", "fp16Tflops"}}; {@code threads} the CPU
 * threads llama.cpp computes with. Omitted numbers take the defaults Ollama uses; the context,
 * Ollama's default capped at the model's own ({@link ContextWindow}). {@code devicesPerServer}
 * sizes one server whose identical GPUs split the layers (llama.cpp's layer split), as a fleet
 * recommendation's shape does. {@code engine} is {@code ollama} (the default) or {@code vllm}
 * ({@link VllmEstimateRequest}: vLLM's weight formats, memory rules and continuous batching).
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
    Long devicesPerServer,
    Long threads,
    String quantizedOn,
    String engine) {

  /** Without {@code engine}: Ollama. */
  public EstimateRequest(
      ModelRef model,
      String quantization,
      Long contextTokens,
      Long parallel,
      String kvCacheType,
      HardwareRef hardware,
      Long promptTokens,
      Long outputTokens,
      Long devicesPerServer,
      Long threads,
      String quantizedOn) {
    this(
        model,
        quantization,
        contextTokens,
        parallel,
        kvCacheType,
        hardware,
        promptTokens,
        outputTokens,
        devicesPerServer,
        threads,
        quantizedOn,
        null);
  }

  /** True when {@code engine} asks for vLLM; refuses an engine that is neither. */
  public boolean vllm() {
    if (engine == null || engine.trim().equalsIgnoreCase("ollama")) {
      return false;
    }
    if (engine.trim().equalsIgnoreCase("vllm")) {
      return true;
    }
    throw FieldPath.BODY.field("engine").invalid("must be ollama|vllm, was '" + engine + "'");
  }

  /** The largest server the catalog prices (an 8-GPU host); more is not one server's shape. */
  static final long MAX_DEVICES_PER_SERVER = 8;

  static final long MAX_TOKENS = 10_000_000;
  static final long MAX_THREADS = 1024;

  /**
   * The request checked field by field, defaults filled in, presets and catalog ids resolved.
   *
   * @param threads the CPU threads given, or this machine's physical cores (Ollama's default) for
   *     {@code "local"}; empty for another device when none is given
   * @param machine this machine as seen, when the hardware is {@code "local"}
   * @param quantizedOn the day whose recipes typed the tensors; empty for today's
   */
  public record Valid(
      ModelRef.Resolved model,
      QuantRecipe quantization,
      Hardware hardware,
      SizingRequest sizing,
      OptionalInt threads,
      Optional<ThisMachine.Seen> machine,
      Optional<LocalDate> quantizedOn) {}

  /** As {@link #validate(Catalogs, ThisMachine)} where this machine is not seen. */
  public Valid validate(Catalogs catalogs) {
    return validate(catalogs, ThisMachine.unavailable("is not detected here"));
  }

  /**
   * Checks every field and resolves it, {@code "local"} being {@code machine}; a refusal names the
   * field.
   */
  public Valid validate(Catalogs catalogs, ThisMachine machine) {
    FieldPath body = FieldPath.BODY;
    ModelRef.Resolved m =
        body.field("model")
            .required(model, "a model name or an object of architecture fields")
            .validate(body.field("model"), catalogs);
    QuantRecipe q = recipe(body, m);
    Optional<LocalDate> day = quantizedOn(body, m);
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
            .validate(body.field("hardware"), catalogs.hardware(), machine);
    Optional<ThisMachine.Seen> seen =
        hw.id().equals(ThisMachine.ID) ? Optional.of(machine.seen()) : Optional.empty();
    if (seen.isPresent()) {
      // one view of this machine for the sizing and its words, should it be measured meanwhile
      hw = seen.get().hardware();
    }
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
    OptionalInt cpuThreads =
        threads == null && seen.isEmpty()
            ? OptionalInt.empty()
            : OptionalInt.of(
                (int)
                    body.field("threads")
                        .integer(
                            threads,
                            seen.map(ThisMachine.Seen::defaultThreads).orElse(1),
                            1,
                            MAX_THREADS));
    long prompt = body.field("promptTokens").integer(promptTokens, 512, 0, MAX_TOKENS);
    long output = body.field("outputTokens").integer(outputTokens, 128, 1, MAX_TOKENS);
    if (prompt + output > ctx * par && prompt + output > ctx) {
      throw body.field("contextTokens")
          .invalid(
              "(" + ctx + ") must hold promptTokens + outputTokens (" + (prompt + output) + ")");
    }
    Architecture a = m.architecture();
    RecipeRevision r = day.map(RecipeRevision::at).orElseGet(RecipeRevision::latest);
    String type = m.file().map(GgufModel::fileType).orElse(q.name());
    List<QuantizedTensor> tensors = m.file().map(GgufModel::tensors).orElseGet(() -> q.apply(a, r));
    SizingRequest sizing =
        new SizingRequest(
                a,
                type,
                tensors,
                ctx,
                par,
                kv,
                hw,
                prompt,
                output,
                devices,
                m.file().isPresent() ? Optional.empty() : Optional.of(r))
            .withThreads(cpuThreads.orElse(0));
    return new Valid(m, q, hw, sizing, cpuThreads, seen, day);
  }

  /** The recipe asked for, else the one the name gives, else Q4_K_M; a file keeps its own. */
  private QuantRecipe recipe(FieldPath body, ModelRef.Resolved m) {
    if (quantization == null) {
      return m.quantization().orElse(QuantRecipe.Q4_K_M);
    }
    QuantRecipe q =
        QuantRecipe.parse(quantization)
            .orElseThrow(
                () ->
                    body.field("quantization")
                        .invalid(
                            "'"
                                + quantization
                                + "' is not a llama.cpp recipe; use one of "
                                + Arrays.toString(QuantRecipe.values())));
    if (m.file().isPresent()) {
      throw body.field("quantization")
          .invalid("must be left out for a GGUF file, whose tensors keep the types stored in it");
    }
    if (m.quantizationNamed() && m.quantization().filter(n -> n != q).isPresent()) {
      throw body.field("quantization")
          .invalid(
              "("
                  + q
                  + ") differs from the recipe the model name gives ("
                  + m.quantization().get()
                  + "); leave it out or name the tag of that recipe");
    }
    return q;
  }

  /** The day asked for, else the day the catalog knows for the name. */
  private Optional<LocalDate> quantizedOn(FieldPath body, ModelRef.Resolved m) {
    if (quantizedOn == null) {
      return m.quantizedOn();
    }
    if (m.file().isPresent()) {
      throw body.field("quantizedOn")
          .invalid("must be left out for a GGUF file, whose tensors keep the types stored in it");
    }
    try {
      return Optional.of(LocalDate.parse(quantizedOn.trim()));
    } catch (DateTimeParseException e) {
      throw body.field("quantizedOn")
          .invalid("must be a date YYYY-MM-DD, was '" + quantizedOn + "'");
    }
  }
}
