package org.llmadvisor.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.vllm.VllmEstimate;
import org.llmadvisor.core.vllm.VllmEstimator;
import org.llmadvisor.core.vllm.VllmException;
import org.llmadvisor.core.vllm.VllmMemory;
import org.llmadvisor.core.vllm.VllmRequest;

/** Runs the vLLM model on a checked request and answers in the estimate's shape. */
final class VllmEstimates {

  private VllmEstimates() {}

  static EstimateResponse estimate(VllmEstimateRequest.Valid v, VllmEstimator vllm) {
    VllmEstimate e;
    try {
      e = vllm.estimate(v.request());
    } catch (VllmException x) {
      throw FieldPath.BODY.field(VllmEstimateRequest.fieldOf(x)).invalid(x.getMessage());
    }
    return response(v, e, vllm);
  }

  private static EstimateResponse response(
      VllmEstimateRequest.Valid v, VllmEstimate e, VllmEstimator vllm) {
    VllmRequest r = v.request();
    Hardware hw = r.hardware();
    ParameterCount p = ParameterCount.of(r.architecture());
    Map<String, EstimateResponse.Part> parts = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      var cc = p.component(c);
      parts.put(c.key(), new EstimateResponse.Part(cc.weights(), cc.biases(), cc.total()));
    }
    VllmMemory m = e.memory();
    long reserved = m.activation().bytes() + m.nonTorch().bytes() + m.cudaGraph().bytes();
    int layers = r.architecture().layers();
    boolean fits = e.fits();
    int parallel = r.concurrency();
    return new EstimateResponse(
        new EstimateResponse.ModelInfo(
            v.model().id(),
            r.architecture().name(),
            ArchitectureJson.write(r.architecture()),
            v.model().source(),
            null,
            null),
        new EstimateResponse.HardwareInfo(
            hw.id(),
            hw.name(),
            hw.kind().name().toLowerCase(Locale.ROOT),
            hw.memory().bytes(),
            hw.memoryBandwidthGBps(),
            hw.fp16Tflops().orElse(null),
            hw.tdpWatts().orElse(null),
            null,
            null),
        r.format().id(),
        new EstimateResponse.Parameters(
            p.total(), p.weights(), p.biases(), p.activePerToken(), parts),
        new EstimateResponse.Memory(
            e.weights().totalBytes(),
            m.kvCache().bytes() * r.tensorParallel(),
            m.activation().bytes(),
            m.nonTorch().bytes() + m.cudaGraph().bytes(),
            (m.weights().bytes() + reserved + m.kvCache().bytes()) * r.tensorParallel(),
            fits,
            fits ? layers : 0,
            layers,
            (m.weights().bytes() + reserved + m.kvCache().bytes()) * r.tensorParallel(),
            0,
            hw.memory().bytes() * r.tensorParallel(),
            r.tensorParallel(),
            m.weights().bytes() + reserved + m.kvCache().bytes(),
            r.maxModelLen()),
        new EstimateResponse.Speed(
            number(e.promptTokensPerSecond()),
            fits ? EstimateService.round(e.perSequenceTokensPerSecond()) : 0,
            fits && parallel > 1
                ? EstimateService.round(e.aggregateGenerationTokensPerSecond())
                : null,
            fits && parallel > 1 ? EstimateService.round(e.perSequenceTokensPerSecond()) : null,
            fits ? EstimateService.round(e.timeToFirstTokenMs()) : 0,
            fits ? EstimateService.round(e.totalLatencyMs()) : 0,
            e.limit().name().toLowerCase(Locale.ROOT)),
        e.basis(),
        "vllm",
        new EstimateResponse.Vllm(
            r.tensorParallel(),
            r.maxModelLen(),
            e.maxNumSeqs(),
            e.maxNumBatchedTokens(),
            vllm.catalog().constants().gpuMemoryUtilization(),
            m.budget().bytes(),
            m.activation().bytes(),
            m.nonTorch().bytes(),
            m.cudaGraph().bytes(),
            m.kvCache().bytes(),
            m.blocks(),
            vllm.catalog().constants().blockSizeTokens(),
            m.kvTokens(),
            EstimateService.round(m.maxConcurrencyAtMaxModelLen()),
            e.maxConcurrentSequences(),
            e.runningSequences(),
            fits ? EstimateService.round(e.stepMs()) : null));
  }

  private static Double number(double v) {
    return Double.isNaN(v) ? null : EstimateService.round(v);
  }
}
