package org.llmadvisor.core.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.speed.BatchedStep;

/**
 * Sizes and times a model served by vLLM: weights in vLLM's formats ({@link VllmWeights}), memory
 * by vLLM's rules ({@link VllmMemory}), and speed under continuous batching ({@link
 * ContinuousBatching}). Pure: every constant comes from the {@link VllmCatalog}.
 *
 * <p>Refuses ({@link VllmException}, naming the field) what vLLM would refuse: a device that is not
 * a GPU, FP8 on a GPU generation without FP8 tensor cores, a tensor-parallel size that does not
 * divide the attention heads, a request longer than {@code --max-model-len}.
 */
public final class VllmEstimator {

  private final VllmCatalog catalog;

  public VllmEstimator(VllmCatalog catalog) {
    this.catalog = catalog;
  }

  public static VllmEstimator bundled() {
    return new VllmEstimator(VllmCatalog.bundled());
  }

  public VllmCatalog catalog() {
    return catalog;
  }

  /** With vLLM's defaults for {@code --max-num-seqs} and {@code --gpu-memory-utilization}. */
  public VllmEstimate estimate(
      Architecture architecture,
      VllmFormat format,
      Hardware hardware,
      int tensorParallel,
      int maxModelLen,
      int concurrency,
      long promptTokens,
      long outputTokens) {
    return estimate(
        new VllmRequest(
            architecture,
            format,
            hardware,
            tensorParallel,
            maxModelLen,
            concurrency,
            promptTokens,
            outputTokens));
  }

  public VllmEstimate estimate(VllmRequest r) {
    Architecture a = r.architecture();
    Hardware hw = r.hardware();
    GpuTraits traits = catalog.traits(hw);
    check(r, traits);
    VllmConstants c = catalog.constants();
    if (r.gpuMemoryUtilization().isPresent()) {
      c = withUtilization(c, r.gpuMemoryUtilization().getAsDouble());
    }
    int tp = r.tensorParallel();
    int maxSeqs = r.maxNumSeqs().orElse(c.maxNumSeqs(hw));
    int budget = Math.max(c.maxNumBatchedTokens(hw), 1);
    VllmWeights w = VllmWeights.of(a, r.format(), c);
    VllmMemory m = VllmMemory.plan(a, w, hw, c, tp, r.maxModelLen(), maxSeqs, budget);
    long tokens = r.promptTokens() + r.outputTokens();
    long held = m.sequencesHeld(tokens, c);
    long maxConcurrent = Math.min(maxSeqs, held);
    List<String> basis = new ArrayList<>(basis(r, c, w, m, maxSeqs, budget, held, traits));
    if (!m.fits() || maxConcurrent < 1) {
      basis.add(
          "Does not start: "
              + (w.bytesPerRank(tp) >= m.budget().bytes()
                  ? "the weights alone exceed the memory budget."
                  : "the KV cache left holds fewer than maxModelLen tokens.")
              + " vLLM does not offload layers to the CPU.");
      return new VllmEstimate(
          r,
          maxSeqs,
          budget,
          w,
          m,
          false,
          0,
          0,
          Double.NaN,
          BatchedStep.Limit.MEMORY,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          null,
          null,
          basis);
    }
    ContinuousBatching cb = new ContinuousBatching(a, w, hw, traits, c, catalog.calibration(), tp);
    int running = (int) Math.min(r.concurrency(), maxConcurrent);
    BatchedStep step = cb.step(running, r.promptTokens(), r.outputTokens(), budget);
    double stepMs = step.ms(running);
    double steps = ContinuousBatching.steps(running, r.promptTokens(), r.outputTokens(), budget);
    double roundMs = steps * stepMs;
    double aggregate = running * r.outputTokens() / roundMs * 1000;
    double perSequence = aggregate / running;
    double prompt = cb.promptTokensPerSecond(r.promptTokens(), budget);
    // the prompt's chunks get what the step budget leaves after the running sequences' decodes
    double decodeTokens = running * r.outputTokens() / steps;
    double room = Math.max(1, budget - decodeTokens);
    double prefillSteps = r.promptTokens() == 0 ? 1 : Math.ceil(r.promptTokens() / room);
    double queuedMs =
        r.concurrency() > running ? (double) (r.concurrency() - running) / running * roundMs : 0;
    double ttft = queuedMs + prefillSteps * stepMs;
    double total = ttft + (r.outputTokens() - 1) * roundMs / r.outputTokens();
    basis.add(
        String.format(
            Locale.ROOT,
            "Speed: %d requests run together (%s); a step of %.1f ms reads the weights once"
                + " (%.1f ms at %.0f GB/s x %.2f) and each sequence's KV cache, multiplies 2 x"
                + " %,d active parameters per token at %.0f%% of %.0f TFLOP/s (%s), carries"
                + " %.0f prompt tokens of chunked prefill, and adds %.1f ms of engine overhead%s;"
                + " it is %s-bound%s.",
            running,
            r.concurrency() > running
                ? "of " + r.concurrency() + " in flight; the rest queue"
                : "the concurrency",
            stepMs,
            cb.weightMs(),
            hw.memoryBandwidthGBps(),
            catalog.calibration().factors(hw.backend()).bandwidthEfficiency(),
            w.activeMatrixParameters(),
            c.computeEfficiency() * 100,
            cb.tflops(),
            r.format().id(),
            running * r.promptTokens() / steps,
            c.stepOverheadMs(),
            tp > 1
                ? String.format(
                    Locale.ROOT,
                    " and %.2f ms of all-reduces over %s",
                    cb.allReduceMs(running * (double) tokens / steps),
                    cb.nvlink() ? "NVLink" : "PCIe")
                : "",
            step.limit(running).name().toLowerCase(Locale.ROOT),
            kneeWords(cb.decodeStep(1, r.promptTokens() + r.outputTokens() / 2.0).knee())));
    return new VllmEstimate(
        r,
        maxSeqs,
        budget,
        w,
        m,
        true,
        maxConcurrent,
        running,
        stepMs,
        step.limit(running),
        perSequence,
        aggregate,
        prompt,
        ttft,
        total,
        step,
        cb.decodeStep(running, r.promptTokens() + r.outputTokens() / 2.0),
        basis);
  }

  private static String kneeWords(int knee) {
    return knee == Integer.MAX_VALUE
        ? ""
        : "; pure decode turns compute-bound from " + knee + " sequences";
  }

  private void check(VllmRequest r, GpuTraits traits) {
    Hardware hw = r.hardware();
    if (hw.kind() != Hardware.Kind.GPU) {
      throw new VllmException(
          "hardware",
          "vLLM serves on GPUs; "
              + hw.name()
              + " is "
              + (hw.kind() == Hardware.Kind.APPLE ? "an Apple chip" : "a CPU")
              + ", which this model does not cover");
    }
    if (r.format() == VllmFormat.FP8 && !catalog.constants().hasFp8(traits.architecture())) {
      throw new VllmException(
          "quantization",
          "fp8 needs FP8 tensor cores (Ada Lovelace, Hopper, Blackwell); "
              + hw.name()
              + traits.architecture().map(x -> " is " + x).orElse(" has no known architecture")
              + "; use bf16, fp16, awq or gptq");
    }
    Architecture a = r.architecture();
    if (a.attentionHeads() % r.tensorParallel() != 0) {
      throw new VllmException(
          "tensorParallel",
          "vLLM needs the attention heads ("
              + a.attentionHeads()
              + ") divisible by the tensor-parallel size ("
              + r.tensorParallel()
              + ")");
    }
  }

  private static List<String> basis(
      VllmRequest r,
      VllmConstants c,
      VllmWeights w,
      VllmMemory m,
      int maxSeqs,
      int budget,
      long held,
      GpuTraits traits) {
    double gib = 1024.0 * 1024 * 1024;
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "Engine: vLLM %s (V1), %s weights, tensor parallel %d, --max-model-len %d,"
                + " --max-num-seqs %d, --max-num-batched-tokens %d (vLLM's defaults on %s"
                + " unless given).",
            c.version(),
            r.format().id(),
            r.tensorParallel(),
            r.maxModelLen(),
            maxSeqs,
            budget,
            r.hardware().name()));
    out.add(
        String.format(
            Locale.ROOT,
            "Weights: %.2f GiB (%s%s); embeddings%s stay 16-bit.",
            w.totalBytes() / gib,
            r.format().fourBit()
                ? "4-bit linear layers with fp16 scales per group of " + c.quantGroupSize()
                : r.format() == VllmFormat.FP8 ? "FP8 linear layers" : "2 bytes a parameter",
            r.format().fourBit() && r.format() == VllmFormat.AWQ ? " and 4-bit zeros" : "",
            w.headBytes() > 0 ? " and the LM head" : ""));
    out.add(
        String.format(
            Locale.ROOT,
            "Memory per GPU: %.2f x %.1f GiB = %.2f GiB budget, less weights %.2f GiB, activation"
                + " peak %.2f GiB, non-torch %.2f GiB and CUDA graphs %.2f GiB, leaves %.2f GiB of"
                + " KV cache: %,d blocks of %d tokens (%,d bytes a token on this GPU), %,d tokens,"
                + " %.1fx the max model length; %d requests of %d tokens fit at once.",
            c.gpuMemoryUtilization(),
            r.hardware().memory().bytes() / gib,
            m.budget().bytes() / gib,
            m.weights().bytes() / gib,
            m.activation().bytes() / gib,
            m.nonTorch().bytes() / gib,
            m.cudaGraph().bytes() / gib,
            m.kvCache().bytes() / gib,
            m.blocks(),
            c.blockSizeTokens(),
            m.kvBytesPerToken(),
            m.kvTokens(),
            m.maxConcurrencyAtMaxModelLen(),
            held,
            r.promptTokens() + r.outputTokens()));
    if (traits.architecture().isEmpty()) {
      out.add(
          "GPU generation not in the catalog: FP8 is not assumed and the FP16 figure is taken"
              + " as the BF16 rate.");
    }
    return out;
  }

  private static VllmConstants withUtilization(VllmConstants c, double u) {
    return new VllmConstants(
        c.version(),
        u,
        c.blockSizeTokens(),
        c.maxNumSeqs(),
        c.maxNumBatchedTokens(),
        c.largeGpuMinMemory(),
        c.largeGpuExcludedNames(),
        c.largeGpuMaxNumSeqs(),
        c.largeGpuMaxNumBatchedTokens(),
        c.vocabPaddingSize(),
        c.quantGroupSize(),
        c.nonTorch(),
        c.activationBytesPerTokenWidth(),
        c.cudaGraph(),
        c.fp8ScaleBytesPerMatrix(),
        c.stepOverheadMs(),
        c.computeEfficiency(),
        c.allReduceLatencyUsNvlink(),
        c.allReduceLatencyUsPcie(),
        c.allReducesPerLayer(),
        c.fp8Architectures());
  }
}
