package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.app.config.Catalogs;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.HuggingFaceConfig;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

/** Validates an estimate request, resolves presets, and runs the core models. */
@ApplicationScoped
public class EstimateService {

  static final long DEFAULT_CONTEXT = 4096;
  static final long MAX_TOKENS = 10_000_000;

  private final Catalogs catalogs;

  @Inject
  public EstimateService(Catalogs catalogs) {
    this.catalogs = catalogs;
  }

  public EstimateResponse estimate(EstimateRequest r) {
    if (r == null) {
      throw ApiException.badField("body", "is required");
    }
    Resolved model = model(r.model());
    QuantRecipe q =
        QuantRecipe.parse(Optional.ofNullable(r.quantization()).orElse("Q4_K_M"))
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "quantization",
                        "'"
                            + r.quantization()
                            + "' is not a llama.cpp recipe; use one of "
                            + java.util.Arrays.toString(QuantRecipe.values())));
    long ctx = positive("contextTokens", r.contextTokens(), DEFAULT_CONTEXT, MAX_TOKENS);
    int parallel =
        (int) positive("parallel", r.parallel() == null ? null : r.parallel().longValue(), 1L, 256);
    KvCacheType kv =
        KvCacheType.parse(Optional.ofNullable(r.kvCacheType()).orElse("f16"))
            .filter(t -> t != KvCacheType.F32)
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "kvCacheType",
                        "must be one of f16|q8_0|q4_0, was '" + r.kvCacheType() + "'"));
    Hardware hw = hardware(r.hardware());
    long prompt = nonNegative("promptTokens", r.promptTokens(), 512L, MAX_TOKENS);
    long output = positive("outputTokens", r.outputTokens(), 128L, MAX_TOKENS);
    if (prompt + output > ctx * parallel && prompt + output > ctx) {
      throw ApiException.badField(
          "contextTokens",
          "(" + ctx + ") must hold promptTokens + outputTokens (" + (prompt + output) + ")");
    }
    Architecture a = model.architecture();
    Sizing s =
        catalogs
            .sizer()
            .size(
                new SizingRequest(a, q.name(), q.apply(a), ctx, parallel, kv, hw, prompt, output));
    return response(model, hw, q, s);
  }

  record Resolved(String id, Architecture architecture) {}

  Resolved model(JsonNode n) {
    if (n == null || n.isNull()) {
      throw ApiException.badField(
          "model", "is required: a preset id or an object of architecture fields");
    }
    if (n.isTextual()) {
      ModelPreset p =
          catalogs
              .models()
              .find(n.asText())
              .orElseThrow(
                  () ->
                      new ApiException(
                          400,
                          "model",
                          "model '"
                              + n.asText()
                              + "' is not a preset; see GET /api/catalog/models"));
      return new Resolved(p.id(), p.architecture());
    }
    if (!n.isObject()) {
      throw ApiException.badField(
          "model",
          "must be a preset id or an object, was "
              + n.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    if (n.has("model_type")) {
      return new Resolved(null, HuggingFaceConfig.parse(n));
    }
    return new Resolved(null, ArchitectureJson.read(n, "model."));
  }

  /** A device of the catalog by id; a 400 on {@code field} that points to the catalog if none. */
  Hardware catalogHardware(String id, String field) {
    return catalogs
        .hardware()
        .find(id)
        .orElseThrow(
            () ->
                new ApiException(
                    400,
                    field,
                    field + " '" + id + "' is not in the catalog; see GET /api/catalog/hardware"));
  }

  public Hardware hardware(JsonNode n) {
    if (n == null || n.isNull()) {
      throw ApiException.badField(
          "hardware",
          "is required: a catalog id or {name, kind, memoryGiB, memoryBandwidthGBps, fp16Tflops}");
    }
    if (n.isTextual()) {
      return catalogHardware(n.asText(), "hardware");
    }
    if (!n.isObject()) {
      throw ApiException.badField("hardware", "must be a catalog id or an object");
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!java.util.Set.of(
              "name",
              "kind",
              "memoryGiB",
              "memoryBandwidthGBps",
              "fp16Tflops",
              "fp32Tflops",
              "hostMemoryBandwidthGBps",
              "tdpWatts")
          .contains(f)) {
        throw ApiException.badField("hardware." + f, "is not a hardware field");
      }
    }
    String kind = n.hasNonNull("kind") ? n.get("kind").asText().toUpperCase(Locale.ROOT) : "GPU";
    Hardware.Kind k;
    try {
      k = Hardware.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(
          "hardware.kind", "must be gpu|apple|cpu, was '" + kind.toLowerCase(Locale.ROOT) + "'");
    }
    double mem = number(n, "memoryGiB", true, 1e6).orElseThrow();
    double bw = number(n, "memoryBandwidthGBps", true, 1e6).orElseThrow();
    Optional<Double> fp16 = number(n, "fp16Tflops", false, 1e6);
    Optional<Double> fp32 = number(n, "fp32Tflops", false, 1e6);
    double host =
        number(n, "hostMemoryBandwidthGBps", false, 1e6)
            .orElse(k == Hardware.Kind.GPU ? HardwareCatalog.DEFAULT_HOST_BANDWIDTH_GBPS : bw);
    String name =
        n.hasNonNull("name") ? n.get("name").asText() : "custom " + kind.toLowerCase(Locale.ROOT);
    if (name.length() > 200) {
      throw ApiException.badField("hardware.name", "must be at most 200 characters");
    }
    return new Hardware(
        "custom",
        name,
        k,
        ByteSize.ofGiB(mem),
        bw,
        fp16,
        fp32,
        host,
        number(n, "tdpWatts", false, 1e5),
        "given in the request",
        null);
  }

  private static Optional<Double> number(JsonNode n, String f, boolean required, double max) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badField("hardware." + f, "is required");
      }
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw ApiException.badField("hardware." + f, "must be a number, was " + v);
    }
    double d = v.asDouble();
    if (!Double.isFinite(d) || d <= 0 || d > max) {
      throw ApiException.badField(
          "hardware." + f, "must be > 0 and <= " + (long) max + ", was " + v);
    }
    return Optional.of(d);
  }

  private static long positive(String field, Long v, long fallback, long max) {
    long x = v == null ? fallback : v;
    if (x <= 0 || x > max) {
      throw ApiException.badField(field, "must be between 1 and " + max + ", was " + x);
    }
    return x;
  }

  private static long nonNegative(String field, Long v, long fallback, long max) {
    long x = v == null ? fallback : v;
    if (x < 0 || x > max) {
      throw ApiException.badField(field, "must be between 0 and " + max + ", was " + x);
    }
    return x;
  }

  private static EstimateResponse response(Resolved m, Hardware hw, QuantRecipe q, Sizing s) {
    ParameterCount p = s.parameters();
    Map<String, EstimateResponse.Part> parts = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      var cc = p.component(c);
      parts.put(c.key(), new EstimateResponse.Part(cc.weights(), cc.biases(), cc.total()));
    }
    var mem = s.memory();
    var sp = s.speed();
    return new EstimateResponse(
        new EstimateResponse.ModelInfo(
            m.id(), m.architecture().name(), ArchitectureJson.write(m.architecture())),
        new EstimateResponse.HardwareInfo(
            hw.id(),
            hw.name(),
            hw.kind().name().toLowerCase(Locale.ROOT),
            hw.memory().bytes(),
            hw.memoryBandwidthGBps(),
            hw.fp16Tflops().orElse(null)),
        q.name(),
        new EstimateResponse.Parameters(
            p.total(), p.weights(), p.biases(), p.activePerToken(), parts),
        new EstimateResponse.Memory(
            mem.weights().bytes(),
            mem.kvCache().bytes(),
            mem.computeBuffer().bytes(),
            mem.overhead().bytes(),
            mem.total().bytes(),
            mem.fits(),
            mem.gpuLayers(),
            mem.totalLayers(),
            mem.gpuBytes().bytes(),
            mem.cpuBytes().bytes(),
            mem.deviceCapacity().bytes()),
        new EstimateResponse.Speed(
            Double.isNaN(sp.promptTokensPerSecond()) ? null : round(sp.promptTokensPerSecond()),
            round(sp.generationTokensPerSecond()),
            round(sp.timeToFirstTokenMs()),
            round(sp.totalLatencyMs())),
        s.basis());
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
