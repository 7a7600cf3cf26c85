package org.llmadvisor.core.speed;

import java.util.List;
import org.llmadvisor.core.hardware.Backend;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.ParameterCount;

/**
 * Single-request speed from hardware specs. Generating a token reads every weight once (plus the KV
 * cache so far), so it is bound by memory bandwidth; a fixed per-layer cost and, on NVIDIA, the
 * shader arithmetic of dequantization add to it. Prompt processing multiplies a whole batch by each
 * weight, so it is bound by FLOP/s: 2 × parameters per token plus attention over the prompt. Layers
 * left on the CPU are read from system RAM at its bandwidth; during prompt processing their weights
 * cross PCIe once per batch.
 *
 * <p>A server whose GPUs split the layers (llama.cpp's {@code --split-mode layer}, which Ollama's
 * scheduler uses when a model does not fit on one GPU, {@code llm/memory.go}) runs a sequence
 * through its GPUs in turn: each reads only its own layers, so a token takes the sum of the
 * per-device times, which for identical GPUs is the one-device time of the whole model, plus a
 * small hand-over at each hop ({@link SpeedCalibration#layerSplitHopMs()}). More GPUs give more
 * memory, not a faster sequence.
 *
 * <p>A CPU-only machine with a {@link org.llmadvisor.core.hardware.CpuProfile} (cores, clock,
 * vector extensions, possibly measured bandwidth and barrier cost) is timed by {@link CpuSpeed}:
 * threads, per-core read rates, per-layer barriers and llama.cpp's weight repacking. Without a
 * profile a CPU reads at a share of its peak bandwidth, with as many threads as that takes.
 */
public final class SpeedModel {

  private SpeedModel() {}

  /**
   * The request being timed.
   *
   * @param tensors the model's tensors with their storage types; on a CPU they decide which weights
   *     llama.cpp repacks (empty: none)
   * @param threads CPU threads llama.cpp runs; 0 for its default, the physical cores. Used only on
   *     a CPU-only machine with a CPU profile.
   */
  public record Request(
      Architecture architecture,
      ParameterCount parameters,
      MemoryEstimate memory,
      KvCacheType kvCacheType,
      long promptTokens,
      long outputTokens,
      int batchSize,
      List<QuantizedTensor> tensors,
      int threads) {

    /** With llama.cpp's default threads and no repacking considered. */
    public Request(
        Architecture architecture,
        ParameterCount parameters,
        MemoryEstimate memory,
        KvCacheType kvCacheType,
        long promptTokens,
        long outputTokens,
        int batchSize) {
      this(
          architecture,
          parameters,
          memory,
          kvCacheType,
          promptTokens,
          outputTokens,
          batchSize,
          List.of(),
          0);
    }

    public Request {
      tensors = List.copyOf(tensors);
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, was " + threads);
      }
      if (promptTokens < 0) {
        throw new IllegalArgumentException("promptTokens must be >= 0, was " + promptTokens);
      }
      if (outputTokens < 1) {
        throw new IllegalArgumentException("outputTokens must be >= 1, was " + outputTokens);
      }
    }
  }

  public static SpeedEstimate estimate(Request r, Hardware hw, SpeedCalibration cal) {
    Architecture a = r.architecture();
    MemoryEstimate m = r.memory();
    ParameterCount p = r.parameters();
    int n = a.layers();
    // Mixture-of-experts reads only the routed experts' weights for a token.
    double activeShare =
        (double) (p.activePerToken() - p.component(Component.EMBEDDINGS).total())
            / (p.total() - p.component(Component.EMBEDDINGS).total());
    int gpuLayers = Math.min(m.gpuLayers(), n);
    int cpuLayers = n - gpuLayers;
    double gpuShare = (double) gpuLayers / n;

    long meanContext = r.promptTokens() + (r.outputTokens() + 1) / 2;
    double kvBytes = 2.0 * r.kvCacheType().bytes(a.kvWidth(), Math.max(meanContext, 1)) * n;

    SpeedCalibration.Factors dev = cal.factors(hw.backend());
    SpeedCalibration.Factors cpu = cal.factors(Backend.CPU);
    double gpuRead = m.gpuWeightBytesPerToken() * activeShare + kvBytes * gpuShare;
    double cpuRead = m.cpuWeightBytesPerToken() * activeShare + kvBytes * (1 - gpuShare);
    double activeWeights = p.activePerToken() - p.component(Component.EMBEDDINGS).total();

    CpuSpeed.Plan cpuPlan =
        !hw.hasGpu() && hw.cpu().isPresent()
            ? CpuSpeed.plan(hw, cal, r.tensors(), r.threads())
            : null;
    BatchedStep step;
    if (hw.hasGpu()) {
      double gpuBw = dev.bandwidthEfficiency() * hw.memoryBandwidthGBps() * 1e9;
      double cpuBw = cpu.bandwidthEfficiency() * hw.hostMemoryBandwidthGBps() * 1e9;
      double opsPerWeight =
          dev.shaderFlopsPerWeight()
              + dev.superBlockFlopsPerWeight() * superBlockShare(r.tensors(), a);
      double shader =
          hw.fp32Tflops()
              .map(f -> activeWeights * gpuShare * opsPerWeight / (f * 1e12))
              .orElse(0.0);
      double peak = hw.fp16Tflops().or(hw::fp32Tflops).orElse(0.0) * 1e12;
      double fixed =
          (gpuLayers * dev.perLayerMs() + cpuLayers * cpu.perLayerMs()) / 1000.0
              + hops(m) * cal.layerSplitHopMs() / 1000.0;
      // Overlapped, the unpacking runs while the weights stream in, once per step for the batch;
      // otherwise it follows the reads.
      double gpuWeightSeconds = m.gpuWeightBytesPerToken() * activeShare / gpuBw;
      double weightMs = ms(gpuWeightSeconds + m.cpuWeightBytesPerToken() * activeShare / cpuBw);
      SpeedCalibration.Batched b = dev.batched();
      double quantized = b.vectorLimit() > 0 ? quantizedShare(r.tensors(), a) : 0;
      // Quantized weights switch kernels with the batch (see BatchedStep): the extra sequences'
      // dot products on the shader cores, then the tensor-core kernel's slower weight stream.
      double vectorMs =
          hw.fp32Tflops()
              .map(
                  f ->
                      ms(
                          activeWeights
                              * gpuShare
                              * quantized
                              * b.vectorFlopsPerWeight()
                              / (f * 1e12)))
              .orElse(0.0);
      double matrixWeightMs =
          weightMs
              + ms(
                  gpuWeightSeconds
                      * quantized
                      * (dev.bandwidthEfficiency() / b.matrixBandwidthEfficiency() - 1));
      step =
          new BatchedStep(
              weightMs,
              ms(kvBytes * gpuShare / gpuBw + kvBytes * (1 - gpuShare) / cpuBw),
              dev.overlapped() ? ms(shader) : 0,
              peak > 0 ? ms(2.0 * activeWeights * gpuShare / (dev.computeEfficiency() * peak)) : 0,
              ms(dev.overlapped() ? fixed : shader + fixed),
              quantized > 0 ? b.vectorLimit() : 0,
              vectorMs,
              quantized > 0 ? matrixWeightMs : weightMs);
    } else if (cpuPlan != null) {
      double bw = cpuPlan.bandwidth() / cpuPlan.slowdown();
      double opsPerSecond = cpuPlan.decodeOpsPerSecond() / cpuPlan.slowdown();
      CpuSpeed.DecodeOps ops = CpuSpeed.decodeOps(r.tensors(), a, activeWeights, cal);
      step =
          new BatchedStep(
              ms((gpuRead + cpuRead - kvBytes) / bw),
              ms(kvBytes / bw),
              ms(ops.shared() / opsPerSecond),
              ms(ops.perSequence() / opsPerSecond),
              ms(n * cpuPlan.syncSecondsPerLayer() * cpuPlan.slowdown()));
    } else {
      double bw = cpu.bandwidthEfficiency() * hw.memoryBandwidthGBps() * 1e9;
      double peak = hw.fp32Tflops().orElse(0.0) * 1e12;
      step =
          new BatchedStep(
              ms((gpuRead + cpuRead - kvBytes) / bw),
              ms(kvBytes / bw),
              0,
              peak > 0 ? ms(2.0 * activeWeights / (cpu.computeEfficiency() * peak)) : 0,
              ms(n * cpu.perLayerMs() / 1000.0));
    }
    double seconds = step.ms(1) / 1000.0;
    double tgPerSecond = 1.0 / seconds;

    // Without a FLOP/s figure prompt speed is unknown (NaN); a request without a prompt needs none.
    boolean knownCompute = hw.fp16Tflops().isPresent() || hw.fp32Tflops().isPresent();
    double ppPerSecond =
        cpuPlan != null
            ? cpuPromptRate(r, cal, activeWeights, cpuPlan)
            : knownCompute || r.promptTokens() > 0
                ? promptRate(r, hw, cal, activeWeights, gpuLayers, n)
                : Double.NaN;
    double promptMs = r.promptTokens() == 0 ? 0 : r.promptTokens() / ppPerSecond * 1000.0;
    double ttftMs = promptMs + seconds * 1000.0;
    double totalMs = ttftMs + (r.outputTokens() - 1) * seconds * 1000.0;
    return new SpeedEstimate(
        ppPerSecond,
        tgPerSecond,
        ttftMs,
        totalMs,
        seconds * 1000,
        step.memoryMs(1),
        step,
        ServingCosts.BUNDLED.msPerSequence(a.vocabSize()));
  }

  /**
   * Share of the matrix weights (the token embedding, a row lookup, aside) stored in a 256-weight
   * super-block type, the experts at their routed share; 0 without a tensor list.
   */
  static double superBlockShare(List<QuantizedTensor> tensors, Architecture a) {
    return tensors.isEmpty() ? 0 : matrixShare(tensors, a, t -> t.blockElements() == 256);
  }

  /**
   * Share of the matrix weights stored in a quantized type rather than 16 or 32 bits; all of them
   * without a tensor list.
   */
  static double quantizedShare(List<QuantizedTensor> tensors, Architecture a) {
    return tensors.isEmpty() ? 1 : matrixShare(tensors, a, t -> t.blockElements() > 1);
  }

  /** Share of the matrix weights a generated token reads whose type is {@code of}. */
  private static double matrixShare(
      List<QuantizedTensor> tensors,
      Architecture a,
      java.util.function.Predicate<org.llmadvisor.core.model.GgmlType> of) {
    double routed = a.experts() > 0 ? (double) a.expertsPerToken() / a.experts() : 1.0;
    double all = 0;
    double matching = 0;
    for (QuantizedTensor t : tensors) {
      var s = t.shape();
      if (s.isOneDimensional() || s.bias() || s.name().startsWith("token_embd")) {
        continue;
      }
      double n = s.elements() * (s.expert() ? routed : 1.0);
      all += n;
      if (of.test(t.type())) {
        matching += n;
      }
    }
    return all == 0 ? 0 : matching / all;
  }

  private static double ms(double seconds) {
    return seconds * 1000;
  }

  /**
   * Prompt tokens per second on a CPU with a profile: the running cores' matrix-kernel peak at the
   * fitted prompt efficiency, faster on repacked weights, attention over the prompt included.
   */
  private static double cpuPromptRate(
      Request r, SpeedCalibration cal, double activeWeights, CpuSpeed.Plan plan) {
    Architecture a = r.architecture();
    long prompt = Math.max(r.promptTokens(), 1);
    double flopsPerToken = 2.0 * activeWeights + 4.0 * a.layers() * a.queryWidth() * (prompt / 2.0);
    double rate =
        cal.cpu().promptEfficiency()
            * plan.peakFlops()
            * CpuSpeed.promptKernelGain(plan, cal)
            / flopsPerToken;
    return rate / plan.slowdown();
  }

  /** The CPU's working figures for a request on a CPU-only machine with a profile; else empty. */
  public static java.util.Optional<CpuFigures> cpuFigures(
      Request r, Hardware hw, SpeedCalibration cal) {
    if (hw.hasGpu() || hw.cpu().isEmpty()) {
      return java.util.Optional.empty();
    }
    CpuSpeed.Plan p = CpuSpeed.plan(hw, cal, r.tensors(), r.threads());
    return java.util.Optional.of(
        new CpuFigures(
            p.threads(),
            p.memoryBandwidth() / 1e9,
            p.decodeOpsPerSecond() / 1e9,
            p.syncSecondsPerLayer() * 1e6,
            p.peakFlops() / 1e12,
            p.repack().repackedBytes(),
            p.repack().repackedShare(),
            p.slowdown()));
  }

  /**
   * What the CPU model used, for the explanation.
   *
   * @param threads threads llama.cpp runs
   * @param memoryGBps rate the memory gives
   * @param decodeGops giga-operations per second of the running cores' matrix-vector kernels on the
   *     reference type
   * @param syncMicrosPerLayer barrier time per layer
   * @param peakTflops tera-operations per second of the running cores' quantized matrix kernels
   * @param repackedBytes weights llama.cpp repacks on this processor
   * @param repackedShare their share of the matrix weights
   * @param slowdown factor for threads past the hardware threads
   */
  public record CpuFigures(
      int threads,
      double memoryGBps,
      double decodeGops,
      double syncMicrosPerLayer,
      double peakTflops,
      long repackedBytes,
      double repackedShare,
      double slowdown) {}

  /** Hand-overs from one GPU to the next that a token makes in a layer-split server. */
  static int hops(MemoryEstimate m) {
    return m.gpuLayers() == 0 ? 0 : Math.min(m.devices(), m.gpuLayers()) - 1;
  }

  private static double promptRate(
      Request r, Hardware hw, SpeedCalibration cal, double activeWeights, int gpuLayers, int n) {
    Architecture a = r.architecture();
    long prompt = Math.max(r.promptTokens(), 1);
    double attention = 4.0 * n * a.queryWidth() * (prompt / 2.0);
    double flopsPerToken = 2.0 * activeWeights + attention;
    Backend backend = hw.backend();
    SpeedCalibration.Factors f = cal.factors(backend);
    double peak =
        hw.fp16Tflops()
                .or(hw::fp32Tflops)
                .orElseThrow(() -> new MissingSpecException("fp16Tflops", hw.name()))
            * 1e12;
    double computeSeconds = flopsPerToken / (f.computeEfficiency() * peak);
    // a batch of prompt tokens makes the same hand-overs as one generated token
    double hopSeconds =
        hops(r.memory()) * cal.layerSplitHopMs() / 1000.0 / Math.min(prompt, r.batchSize());
    if (!hw.hasGpu() || gpuLayers >= n) {
      return 1.0 / (computeSeconds + hopSeconds);
    }
    // Partial offload: llama.cpp runs a batch's matrix products on the GPU and copies the
    // CPU-resident weights over PCIe for each batch.
    double copySeconds =
        r.memory().cpuWeightBytesPerToken()
            / (cal.pcieGBps() * 1e9)
            / Math.min(prompt, r.batchSize());
    return 1.0 / (computeSeconds + hopSeconds + copySeconds);
  }
}
