package org.llmadvisor.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.Sizing;

/** Runs the core models on a validated estimate request. */
public final class EstimateService {

  private final Catalogs catalogs;

  public EstimateService(Catalogs catalogs) {
    this.catalogs = catalogs;
  }

  public EstimateResponse estimate(EstimateRequest r) {
    EstimateRequest.Valid v = FieldPath.BODY.required(r).validate(catalogs);
    Sizing s = catalogs.sizer().size(v.sizing());
    return response(v.model(), v.hardware(), v.quantization(), v.sizing().contextTokens(), s);
  }

  private static EstimateResponse response(
      ModelRef.Resolved m, Hardware hw, QuantRecipe q, long contextTokens, Sizing s) {
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
            mem.deviceCapacity().bytes(),
            mem.devices(),
            mem.largestDeviceBytes().bytes(),
            contextTokens),
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
