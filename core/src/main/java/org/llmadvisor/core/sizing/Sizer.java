package org.llmadvisor.core.sizing;

import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.hardware.RuntimeProfile;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.MemoryModel;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.speed.SpeedCalibration;
import org.llmadvisor.core.speed.SpeedEstimate;
import org.llmadvisor.core.speed.SpeedModel;

/** Runs the parameter, memory and speed models in order and explains their inputs. */
public final class Sizer {

  private final RuntimeProfile runtime;
  private final SpeedCalibration calibration;

  public Sizer(RuntimeProfile runtime, SpeedCalibration calibration) {
    this.runtime = runtime;
    this.calibration = calibration;
  }

  public static Sizer bundled() {
    return new Sizer(RuntimeProfile.bundled(), SpeedCalibration.bundled());
  }

  public RuntimeProfile runtime() {
    return runtime;
  }

  public SpeedCalibration calibration() {
    return calibration;
  }

  public Sizing size(SizingRequest r) {
    return size(r, true);
  }

  /** As {@link #size} without the worded basis, for callers that size hundreds of candidates. */
  public Sizing sizeWithoutBasis(SizingRequest r) {
    return size(r, false);
  }

  /**
   * A tensor list's parameters and weight bytes, the same on every device: a caller that sizes one
   * list on many devices counts it once ({@link #sizeWithoutBasis(SizingRequest, Counted)}).
   */
  public record Counted(ParameterCount parameters, MemoryModel.Weights weights) {

    public static Counted of(Architecture a, List<QuantizedTensor> tensors) {
      return new Counted(
          ParameterCount.of(
              tensors.stream().map(QuantizedTensor::shape).toList(),
              a.experts(),
              a.expertsPerToken()),
          MemoryModel.Weights.of(a, tensors));
    }
  }

  /**
   * As {@link #sizeWithoutBasis(SizingRequest)} with the request's tensors already counted ({@link
   * Counted#of} of its architecture and tensors).
   */
  public Sizing sizeWithoutBasis(SizingRequest r, Counted counted) {
    return size(r, counted, false);
  }

  private Sizing size(SizingRequest r, boolean explain) {
    return size(r, Counted.of(r.architecture(), r.tensors()), explain);
  }

  private Sizing size(SizingRequest r, Counted counted, boolean explain) {
    ParameterCount p = counted.parameters();
    MemoryEstimate m =
        MemoryModel.estimate(
            new MemoryModel.Request(
                r.architecture(), r.tensors(), r.contextTokens(), r.parallel(), r.kvCacheType()),
            counted.weights(),
            r.hardware(),
            runtime,
            r.devicesPerServer());
    SpeedEstimate s = SpeedModel.estimate(speedRequest(r, p, m), r.hardware(), calibration);
    return new Sizing(p, m, s, explain ? basis(r, p, m, s) : List.of());
  }

  private SpeedModel.Request speedRequest(SizingRequest r, ParameterCount p, MemoryEstimate m) {
    return new SpeedModel.Request(
        r.architecture(),
        p,
        m,
        r.kvCacheType(),
        r.promptTokens(),
        r.outputTokens(),
        runtime.batchSize(),
        r.tensors(),
        r.threads());
  }

  private List<String> basis(SizingRequest r, ParameterCount p, MemoryEstimate m, SpeedEstimate s) {
    Architecture a = r.architecture();
    Hardware hw = r.hardware();
    boolean cpuProfiled = !hw.hasGpu() && hw.cpu().isPresent();
    List<String> b = new ArrayList<>();
    b.add(
        f(
            "%s: %d layers, hidden %d, %d query heads and %d key/value heads of %d, feed-forward %d (%s), vocabulary %d, %s positions, %s, output head %s.",
            a.name(),
            a.layers(),
            a.hiddenSize(),
            a.attentionHeads(),
            a.kvHeads(),
            a.headDim(),
            a.intermediateSize(),
            a.mlp().name().toLowerCase(Locale.ROOT),
            a.vocabSize(),
            a.positions().name().toLowerCase(Locale.ROOT),
            a.norm().name().toLowerCase(Locale.ROOT),
            a.tiedEmbeddings() ? "tied to the token embedding" : "separate"));
    b.add(
        f(
            "Parameters: %,d in total (%,d weights, %,d biases)%s.",
            p.total(),
            p.weights(),
            p.biases(),
            a.isMixtureOfExperts()
                ? f(
                    ", %,d active per token (%d of %d experts)",
                    p.activePerToken(), a.expertsPerToken(), a.experts())
                : ""));
    b.add(
        f(
            "Weights: %s as llama.cpp stores %s, tensor by tensor = %.2f GiB (%.2f bits per parameter on average)%s.",
            a.name(),
            r.quantization(),
            m.weights().gib(),
            m.weights().bytes() * 8.0 / p.total(),
            r.revision().map(v -> ", by " + v.describe()).orElse("")));
    b.add(
        f(
            "KV cache: 2 (keys and values) x %d layers x %d key/value heads x %d head size x %d tokens x %d parallel x %s = %.2f GiB.",
            a.layers(),
            a.kvHeads(),
            a.headDim(),
            r.contextTokens(),
            r.parallel(),
            r.kvCacheType().name().toLowerCase(Locale.ROOT),
            m.kvCache().gib()));
    b.add(
        f(
            "Compute buffer %.2f GiB (Ollama's graph size for a %d-token batch); runtime reserve %.2f GiB (minimum free GPU memory plus a one-layer buffer).",
            m.computeBuffer().gib(),
            Math.min(runtime.batchSize(), r.contextTokens()),
            m.overhead().gib()));
    if (m.devices() > 1) {
      b.add(
          f(
              "%d x %s split the layers (llama.cpp's layer split mode, as Ollama's scheduler deals them out): each GPU holds its layers with their KV cache, its own compute buffer and reserve; the fullest holds %.2f of %.1f GiB; a token passes through the GPUs in turn, so it takes the sum of their times plus %.2f ms for each of %d hand-overs.",
              m.devices(),
              hw.name(),
              m.largestDeviceBytes().gib(),
              m.deviceCapacity().gib(),
              calibration.layerSplitHopMs(),
              m.devices() - 1));
    }
    if (hw.hasGpu()) {
      b.add(
          f(
              "%s offers %.1f GiB: %s; %d of %d layers (output head counted as one) on the GPU%s.",
              m.devices() > 1 ? f("%d x %s", m.devices(), hw.name()) : hw.name(),
              m.deviceCapacity().gib() * m.devices(),
              m.fits()
                  ? "the whole model fits"
                  : f("%.2f GiB needed does not fit", m.total().gib()),
              m.gpuLayers(),
              m.totalLayers(),
              m.fits()
                  ? ""
                  : f(
                      ", %d on the CPU reading system RAM at %.0f GB/s",
                      m.cpuLayers(), hw.hostMemoryBandwidthGBps())));
    } else {
      b.add(
          f(
              "%s (CPU only) has %.1f GiB of RAM: %s.",
              hw.name(),
              hw.memory().gib(),
              m.fits() ? "the model fits" : f("%.2f GiB needed does not fit", m.total().gib())));
      if (m.cpuRepacked().bytes() > 0) {
        b.add(
            f(
                "llama.cpp repacks %.2f GiB of these weights into its interleaved CPU layout at load time: Ollama loads CPU-only models without memory-mapping them, so the copy replaces the originals (%.2f GiB); llama.cpp run directly maps the file and keeps both, %.2f GiB resident%s.",
                m.cpuRepacked().gib(),
                m.total().gib(),
                m.residentWithMmap().gib(),
                m.residentWithMmap().bytes() > hw.memory().bytes()
                    ? ", more than the RAM: run it with --no-mmap"
                    : ""));
      }
      if (hw.cpu().isEmpty() && r.threads() > 0) {
        b.add(
            f(
                "%d threads asked, but %s gives no cores or clock: timed as if enough threads read the memory.",
                r.threads(), hw.name()));
      }
      SpeedModel.cpuFigures(speedRequest(r, p, m), hw, calibration)
          .ifPresent(
              c ->
                  b.add(
                      f(
                          "CPU: %d threads%s; memory gives %.1f GB/s%s; the matrix-vector kernels run at %.0f giga-operations/s on the reference type; %.0f µs of barriers per layer; int8 matrix arithmetic peaks at %.2f tera-operations/s on the running cores, %.0f%% of the matrix weights repacked%s.",
                          c.threads(),
                          r.threads() == 0 ? " (llama.cpp's default, the physical cores)" : "",
                          c.memoryGBps(),
                          hw.cpu().get().bandwidthMeasured()
                              ? " (measured on this machine)"
                              : " (a share of the spec peak)",
                          c.decodeGops(),
                          c.syncMicrosPerLayer(),
                          c.peakTflops(),
                          c.repackedShare() * 100,
                          c.slowdown() > 1
                              ? f(
                                  "; %d threads exceed the hardware threads, %.1fx slower",
                                  c.threads(), c.slowdown())
                              : "")));
    }
    org.llmadvisor.core.speed.BatchedStep step = s.step();
    b.add(
        f(
            "Generation: each token reads the weights (%.2f GB) and the KV cache at %.0f GB/s peak: %.1f ms of memory traffic; its arithmetic takes %.1f ms%s; %s-bound, with %.2f ms of fixed cost per step: %.1f ms per token = %.1f tokens/s.",
            (m.gpuWeightBytesPerToken() + m.cpuWeightBytesPerToken()) / 1e9,
            hw.memoryBandwidthGBps(),
            s.memoryMsPerToken(),
            step.computeMs(1),
            cpuProfiled
                ? f(
                    " (%s; of it %.1f ms unpacking the weights, shared by a batch)",
                    hw.cpu().get().decodeGopsPerCore().isPresent()
                        ? "at the arithmetic rate measured on this machine"
                        : f(
                            "%d cores x %.1f GHz x llama.cpp's matrix-vector rate for %s",
                            hw.cpu().get().physicalCores(),
                            hw.cpu().get().clockGHz().orElse(calibration.cpu().defaultClockGHz()),
                            hw.cpu().get().simd()),
                    step.sharedComputeMs())
                : "",
            step.limit(1).name().toLowerCase(Locale.ROOT),
            step.fixedMs(),
            s.generationMsPerToken(),
            s.generationTokensPerSecond()));
    if (r.parallel() > 1) {
      b.add(
          f(
              "%d sequences decoding together share the weight reads: a step takes %.1f ms (%s-bound), %.1f tokens/s in all, %.1f each; arithmetic binds from %s sequences on.",
              r.parallel(),
              s.stepMs(r.parallel()),
              step.limit(r.parallel()).name().toLowerCase(Locale.ROOT),
              s.aggregateGenerationTokensPerSecond(r.parallel()),
              s.generationTokensPerSecondEach(r.parallel()),
              step.knee() == Integer.MAX_VALUE ? "no number of" : String.valueOf(step.knee())));
    }
    b.add(
        f(
            "Prompt: about 2 x %,d FLOP per token at %s x %.0f%% efficiency = %.0f tokens/s; %d prompt tokens + %d output tokens take %.0f ms (first token after %.0f ms).",
            p.activePerToken(),
            cpuProfiled
                ? "the CPU's int8 matrix peak (above)"
                : hw.fp16Tflops()
                    .map(t -> f("%.1f TFLOPS (FP16)", t))
                    .orElse(hw.fp32Tflops().map(t -> f("%.1f TFLOPS (FP32)", t)).orElse("?")),
            (cpuProfiled
                    ? calibration.cpu().promptEfficiency()
                    : calibration.factors(hw.backend()).computeEfficiency())
                * 100,
            s.promptTokensPerSecond(),
            r.promptTokens(),
            r.outputTokens(),
            s.totalLatencyMs(),
            s.timeToFirstTokenMs()));
    b.add("Efficiency factors: " + calibration.factors(hw.backend()).calibratedOn() + ".");
    return b;
  }
}
