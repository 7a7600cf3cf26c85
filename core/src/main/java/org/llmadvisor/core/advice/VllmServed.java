package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.VllmModel;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.speed.BatchedStep;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.core.speed.SpeedEstimate;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.vllm.VllmEstimate;
import org.llmadvisor.core.vllm.VllmEstimator;
import org.llmadvisor.core.vllm.VllmException;
import org.llmadvisor.core.vllm.VllmFormat;
import org.llmadvisor.core.vllm.VllmMemory;
import org.llmadvisor.core.vllm.VllmRequest;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.Workload;

/**
 * A Hugging Face repository on vLLM: memory by vLLM's rules (the GPU share it takes, KV cache in
 * blocks), speed by continuous batching, tensor parallelism over a server's GPUs. The slots are
 * {@code --max-num-seqs}: the sequences that share each step.
 */
record VllmServed(
    VllmModel model,
    ModelPreset presetEntry,
    VllmFormat format,
    ParameterCount parameters,
    VllmEstimator estimator)
    implements Served {

  /** A step so long that nothing is served: the speed of a server that cannot start. */
  private static final BatchedStep NEVER = new BatchedStep(1e9, 0, 0, 0, 0);

  static VllmServed of(VllmModel model, ModelPreset preset, VllmEstimator estimator) {
    VllmFormat format =
        VllmFormat.parse(model.format())
            .orElseThrow(() -> new IllegalArgumentException("no vLLM format " + model.format()));
    return new VllmServed(
        model, preset, format, ParameterCount.of(preset.architecture()), estimator);
  }

  /** Whether vLLM runs the format on that device at all (a GPU, FP8 units for FP8). */
  boolean runsOn(Hardware hw) {
    if (hw.kind() != Hardware.Kind.GPU
        // a GPU without a published tensor rate cannot be timed on vLLM
        || estimator.catalog().traits(hw).sixteenBitTflops(hw).isEmpty()) {
      return false;
    }
    try {
      estimator.estimate(request(hw, 1, 2048, 1, 1, 1));
      return true;
    } catch (VllmException e) {
      return !e.field().equals("hardware") && !e.field().equals("quantization");
    } catch (MissingSpecException e) {
      // a GPU without a published tensor rate cannot be timed on vLLM
      return false;
    }
  }

  @Override
  public String preset() {
    return model.preset();
  }

  @Override
  public Architecture architecture() {
    return presetEntry.architecture();
  }

  @Override
  public String quantization() {
    return model.quantization();
  }

  @Override
  public String provider() {
    return "vllm";
  }

  @Override
  public String modelId() {
    return model.repository();
  }

  @Override
  public String name() {
    return presetEntry.name() + " " + quantization() + " on vLLM";
  }

  @Override
  public RecommendationId id(String hardwareId, Acquisition acquisition, DeploymentShape shape) {
    return RecommendationId.vllm(model.repository(), hardwareId, acquisition, shape);
  }

  private VllmRequest request(
      Hardware hw, int devices, long ctx, int slots, long prompt, long output) {
    return new VllmRequest(
        architecture(),
        format,
        hw,
        devices,
        (int) Math.min(Integer.MAX_VALUE, ctx),
        slots,
        prompt,
        output,
        OptionalInt.of(slots),
        OptionalDouble.empty());
  }

  @Override
  public Sizing size(long ctx, int slots, Workload w, Hardware hw, int devices) {
    long prompt = Math.round(w.input().mean());
    long output = Math.max(1, Math.round(w.output().mean()));
    VllmEstimate e;
    try {
      e = estimator.estimate(request(hw, devices, ctx, slots, prompt, output));
    } catch (VllmException | MissingSpecException refused) {
      // a split vLLM refuses (heads not divisible by the GPUs): no server of this shape
      return unfit(hw, devices, ByteSize.ofBytes(Long.MAX_VALUE / 4));
    }
    VllmMemory m = e.memory();
    boolean fits = e.fits() && e.maxConcurrentSequences() >= slots;
    MemoryEstimate memory = memory(m, hw, devices, fits);
    if (!e.fits()) {
      return new Sizing(parameters, memory, never(), e.basis());
    }
    // the server simulation times each prompt on its own (prefillTokensPerSecond), so its steps
    // are decode only: the estimate's steady-state step already carries a share of the prompts
    BatchedStep step = e.decodeStep();
    double one = step.ms(1);
    double ttft = prompt / e.promptTokensPerSecond() * 1000 + one;
    SpeedEstimate speed =
        new SpeedEstimate(
            e.promptTokensPerSecond(),
            1000 / one,
            ttft,
            ttft + (output - 1) * one,
            one,
            step.memoryMs(1),
            step);
    return new Sizing(parameters, memory, speed, e.basis());
  }

  /** A server's memory: every GPU takes vLLM's share, the weights split over them. */
  private MemoryEstimate memory(VllmMemory m, Hardware hw, int devices, boolean fits) {
    long weights = m.weights().bytes() * devices;
    long kv = m.kvCache().bytes() * devices;
    long buffers = (m.activation().bytes() + m.cudaGraph().bytes()) * devices;
    long overhead = m.nonTorch().bytes() * devices;
    long total = weights + kv + buffers + overhead;
    int layers = architecture().layers() + 1;
    return new MemoryEstimate(
        ByteSize.ofBytes(weights),
        ByteSize.ofBytes(kv),
        ByteSize.ofBytes(buffers),
        ByteSize.ofBytes(overhead),
        ByteSize.ofBytes(total),
        fits,
        layers,
        layers,
        ByteSize.ofBytes(total),
        ByteSize.ZERO,
        hw.memory(),
        m.weights().bytes(),
        0,
        devices,
        ByteSize.ofBytes(total / devices),
        ByteSize.ZERO);
  }

  private Sizing unfit(Hardware hw, int devices, ByteSize weights) {
    int layers = architecture().layers() + 1;
    MemoryEstimate m =
        new MemoryEstimate(
            weights,
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO,
            weights,
            false,
            0,
            layers,
            ByteSize.ZERO,
            weights,
            hw.memory(),
            0,
            0,
            devices,
            weights,
            ByteSize.ZERO);
    return new Sizing(parameters, m, never(), List.of());
  }

  private static SpeedEstimate never() {
    return new SpeedEstimate(1e-9, 1e-6, 1e12, 1e12, NEVER.ms(1), NEVER.ms(1), NEVER);
  }

  /** vLLM does not offload to the CPU: a server whose GPUs cannot hold it does not start. */
  @Override
  public Optional<Verdict> cannotRun(Hardware hw, MemoryEstimate m) {
    return m.fits()
        ? Optional.empty()
        : Optional.of(
            Verdict.fail(
                f(
                    "vLLM does not start on %d x %s: its weights and one sequence's KV cache do not fit in %.0f%% of the memory, and it does not offload to the CPU",
                    m.devices(),
                    hw.name(),
                    estimator.catalog().constants().gpuMemoryUtilization() * 100)));
  }

  @Override
  public String memoryReason(String name, Hardware hw, MemoryEstimate m, long ctx, int slots) {
    return f(
        "%s takes %.0f%% of each GPU's memory, %.1f GB in all (%.1f GB weights%s, %.1f GB KV cache for %,d tokens a sequence in blocks of 16, %.1f GB activations and CUDA graphs): room for %d sequences",
        name,
        estimator.catalog().constants().gpuMemoryUtilization() * 100,
        m.total().gb(),
        m.weights().gb(),
        m.devices() > 1 ? f(" split over %d GPUs by tensor parallelism", m.devices()) : "",
        m.kvCache().gb(),
        ctx,
        m.computeBuffer().gb(),
        slots);
  }

  @Override
  public Optional<String> note() {
    return Optional.of(
        f(
            "vLLM serves %s from %s (%s).",
            quantization().equals("BF16") ? "the published 16-bit weights" : quantization(),
            model.repository(),
            model.source()));
  }

  @Override
  public String slotSetting(int slots, long ctx) {
    return f("vllm serve --max-num-seqs %d --max-model-len %d", slots, ctx);
  }

  @Override
  public Optional<VllmServing> serving(DeploymentShape shape, long ctx, int slots) {
    return Optional.of(
        new VllmServing(
            model.repository(),
            "bfloat16",
            // the repositories are quantized checkpoints whose config names their method
            // (compressed-tensors); vLLM refuses a --quantization that contradicts it
            Optional.empty(),
            shape.devicesPerServer(),
            (int) Math.min(Integer.MAX_VALUE, ctx),
            slots,
            estimator.catalog().constants().gpuMemoryUtilization()));
  }
}
