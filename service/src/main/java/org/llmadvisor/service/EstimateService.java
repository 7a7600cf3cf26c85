package org.llmadvisor.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.RecipeRevision;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.machine.Measurement;

/** Runs the core models on a validated estimate request. */
public final class EstimateService {

  private final Catalogs catalogs;
  private final ThisMachine machine;

  /** Estimates where {@code "hardware": "local"} is {@code machine}. */
  public EstimateService(Catalogs catalogs, ThisMachine machine) {
    this.catalogs = catalogs;
    this.machine = machine;
  }

  /** Estimates where this machine is not seen: {@code "local"} is refused, saying so. */
  public EstimateService(Catalogs catalogs) {
    this(catalogs, ThisMachine.unavailable("is not detected here"));
  }

  public EstimateResponse estimate(EstimateRequest r) {
    if (FieldPath.BODY.required(r).vllm()) {
      return VllmEstimates.estimate(VllmEstimateRequest.validate(r, catalogs), catalogs.vllm());
    }
    EstimateRequest.Valid v = FieldPath.BODY.required(r).validate(catalogs, machine);
    Sizing s = catalogs.sizer().size(v.sizing());
    return response(v, s);
  }

  /** What "local" and the threads mean, before the formulas' own basis. */
  private static List<String> basis(EstimateRequest.Valid v, Sizing s) {
    List<String> lines = new ArrayList<>();
    v.machine()
        .ifPresent(
            seen -> {
              lines.add(
                  "Hardware '"
                      + ThisMachine.ID
                      + "' is this machine as detected: "
                      + seen.detected()
                      + ".");
              lines.add(seen.measured());
            });
    v.threads()
        .ifPresent(
            t ->
                lines.add(
                    "Threads: "
                        + t
                        + (v.machine().isPresent() && t == v.machine().get().defaultThreads()
                            ? ", the physical cores, as Ollama uses by default."
                            : ", as given.")));
    lines.addAll(s.basis());
    return lines;
  }

  private static EstimateResponse response(EstimateRequest.Valid v, Sizing s) {
    ModelRef.Resolved m = v.model();
    Hardware hw = v.hardware();
    QuantRecipe q = v.quantization();
    ParameterCount p = s.parameters();
    Map<String, EstimateResponse.Part> parts = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      var cc = p.component(c);
      parts.put(c.key(), new EstimateResponse.Part(cc.weights(), cc.biases(), cc.total()));
    }
    var mem = s.memory();
    var sp = s.speed();
    int parallel = v.sizing().parallel();
    return new EstimateResponse(
        new EstimateResponse.ModelInfo(
            m.id(),
            m.architecture().name(),
            ArchitectureJson.write(m.architecture()),
            m.source(),
            v.quantizedOn().map(LocalDate::toString).orElse(null),
            v.quantizedOn().map(d -> RecipeRevision.at(d).id()).orElse(null)),
        new EstimateResponse.HardwareInfo(
            hw.id(),
            hw.name(),
            hw.kind().name().toLowerCase(Locale.ROOT),
            hw.memory().bytes(),
            hw.memoryBandwidthGBps(),
            hw.fp16Tflops().orElse(null),
            hw.tdpWatts().orElse(null),
            v.threads().isPresent() ? v.threads().getAsInt() : null,
            v.machine().map(EstimateService::measured).orElse(null)),
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
            mem.deviceCapacity().bytes(),
            mem.devices(),
            mem.largestDeviceBytes().bytes(),
            v.sizing().contextTokens()),
        new EstimateResponse.Speed(
            Double.isNaN(sp.promptTokensPerSecond()) ? null : round(sp.promptTokensPerSecond()),
            round(sp.generationTokensPerSecond()),
            parallel > 1 ? round(sp.aggregateGenerationTokensPerSecond(parallel)) : null,
            parallel > 1 ? round(sp.generationTokensPerSecondEach(parallel)) : null,
            round(sp.timeToFirstTokenMs()),
            round(sp.totalLatencyMs()),
            sp.limit().name().toLowerCase(Locale.ROOT)),
        basis(v, s),
        "ollama",
        null);
  }

  private static EstimateResponse.Measured measured(ThisMachine.Seen seen) {
    var m = seen.measurement();
    return new EstimateResponse.Measured(
        Measurement.SPEED_MODEL_METHOD,
        round(m.speedModelGBps()),
        m.tokenRead().threads(),
        round(m.bandwidth().gbps()),
        m.bandwidth().threads(),
        m.measuredAt().toString(),
        seen.detected());
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
