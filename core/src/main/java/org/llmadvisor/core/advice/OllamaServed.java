package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.Workload;

/** An Ollama tag: llama.cpp's sizing of its file, the recipe of its day. */
record OllamaServed(
    OllamaTag tag, ModelPreset presetEntry, Quantized quantized, Sizer sizer, ByteSize hostRam)
    implements Served {

  /**
   * What a tag is on every device: its tensors as its file holds them, their parameter count and
   * the note on its recipe's revision. Computed once per tag and advice rather than per device.
   */
  record Quantized(
      List<QuantizedTensor> tensors, Sizer.Counted counted, Optional<String> revisionNote) {

    static Quantized of(OllamaTag tag, Architecture arch) {
      // with the recipes of the day its file was made; copied once, so that no request copies it
      List<QuantizedTensor> ts = List.copyOf(tag.quantization().apply(arch, tag.revision()));
      return new Quantized(
          ts, Sizer.Counted.of(arch, ts), LocalReasons.revisionReason(tag, arch, ts));
    }
  }

  @Override
  public String preset() {
    return tag.preset();
  }

  @Override
  public Architecture architecture() {
    return presetEntry.architecture();
  }

  @Override
  public String quantization() {
    return tag.quantization().name();
  }

  @Override
  public String provider() {
    return "ollama";
  }

  @Override
  public String modelId() {
    return tag.tag();
  }

  @Override
  public String name() {
    return presetEntry.name() + " " + tag.quantization().name();
  }

  @Override
  public RecommendationId id(String hardwareId, Acquisition acquisition, DeploymentShape shape) {
    return RecommendationId.ollama(tag.tag(), hardwareId, acquisition, shape);
  }

  @Override
  public Sizing size(long ctx, int slots, Workload w, Hardware hw, int devices) {
    return sizer.sizeWithoutBasis(
        new SizingRequest(
            architecture(),
            tag.quantization().name(),
            quantized.tensors(),
            ctx,
            slots,
            KvCacheType.F16,
            hw,
            Math.round(w.input().mean()),
            Math.max(1, Math.round(w.output().mean())),
            devices,
            Optional.of(tag.revision())),
        quantized.counted());
  }

  /** Layers that do not fit on the device run from system RAM; beyond that it cannot load. */
  @Override
  public Optional<Verdict> cannotRun(Hardware hw, MemoryEstimate m) {
    return LocalCandidateEvaluator.overflow(hw, m, hostRam);
  }

  @Override
  public String memoryReason(String name, Hardware hw, MemoryEstimate m, long ctx, int slots) {
    return LocalReasons.memory(name, hw, m, ctx, slots);
  }

  @Override
  public Optional<String> note() {
    return quantized.revisionNote();
  }

  @Override
  public String slotSetting(int slots, long ctx) {
    return f("OLLAMA_NUM_PARALLEL=%d, num_ctx %,d", slots, ctx);
  }

  @Override
  public Optional<VllmServing> serving(DeploymentShape shape, long ctx, int slots) {
    return Optional.empty();
  }
}
