package org.llmadvisor.core.vllm;

import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.speed.BatchedStep;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.core.speed.SpeedCalibration;

/**
 * vLLM's continuous batching as step times. Every engine step runs one forward pass over the
 * running sequences: each decoding sequence adds one token, and chunked prefill fills the rest of
 * the step's token budget ({@code --max-num-batched-tokens}) with prompt tokens of new requests. A
 * step reads the weights once (this rank's share) and each decoding sequence's KV cache, and
 * multiplies 2 × active parameters per token; it takes the slower of memory and arithmetic ({@link
 * BatchedStep}), plus a fixed engine overhead and, under tensor parallelism, the all-reduces of
 * every layer.
 *
 * <p>In steady state under a closed loop of {@code B} running requests of {@code I} prompt and
 * {@code O} output tokens, each request needs {@code I} prefill tokens for every {@code O} decode
 * steps, so a step carries {@code B × I / O} prompt tokens beside its {@code B} decode tokens —
 * unless that exceeds the budget, when more steps are needed than output tokens. Prompt tokens are
 * arithmetic without KV reads of their own worth counting, so a memory-bound step hides them; once
 * the step turns compute-bound (the knee), they cost their full arithmetic.
 *
 * <p>Tensor parallelism divides each rank's weight bytes, KV bytes and FLOPs by the number of ranks
 * and adds per layer {@code allReducesPerLayer} ring all-reduces of the step's activations (tokens
 * × hidden × 2 bytes), each a fixed latency plus 2(n−1)/n of the message over the link: NVLink
 * (half its two-way figure each way) on boards that have it, else PCIe ({@link
 * SpeedCalibration#pcieGBps()}).
 */
final class ContinuousBatching {

  private final Architecture a;
  private final VllmWeights w;
  private final Hardware hw;
  private final GpuTraits traits;
  private final VllmConstants c;
  private final int tp;
  private final double bandwidth;
  private final double flops;
  private final double linkBytesPerSecond;
  private final double allReduceLatencyMs;

  ContinuousBatching(
      Architecture a,
      VllmWeights w,
      Hardware hw,
      GpuTraits traits,
      VllmConstants c,
      SpeedCalibration cal,
      int tensorParallel) {
    this.a = a;
    this.w = w;
    this.hw = hw;
    this.traits = traits;
    this.c = c;
    this.tp = tensorParallel;
    this.bandwidth =
        cal.factors(hw.backend()).bandwidthEfficiency() * hw.memoryBandwidthGBps() * 1e9;
    this.flops = c.computeEfficiency() * tflops() * 1e12;
    boolean nvlink = traits.nvlinkGBps().isPresent();
    this.linkBytesPerSecond = nvlink ? traits.nvlinkGBps().get() / 2 * 1e9 : cal.pcieGBps() * 1e9;
    this.allReduceLatencyMs =
        (nvlink ? c.allReduceLatencyUsNvlink() : c.allReduceLatencyUsPcie()) / 1000.0;
  }

  /** The dense tensor rate the format's matrix products run at on this GPU, in TFLOP/s. */
  double tflops() {
    java.util.Optional<Double> sixteen = traits.sixteenBitTflops(hw);
    java.util.Optional<Double> rate =
        w.format() == VllmFormat.FP8 ? traits.fp8Tflops().or(() -> sixteen) : sixteen;
    return rate.orElseThrow(() -> new MissingSpecException("fp16Tflops", hw.name()));
  }

  /** True when this rank's links are NVLink. */
  boolean nvlink() {
    return traits.nvlinkGBps().isPresent();
  }

  /** Milliseconds to read this rank's weights once. */
  double weightMs() {
    return w.readBytesPerToken() / (double) tp / bandwidth * 1000;
  }

  /** Milliseconds to read one sequence's KV cache of {@code context} tokens on this rank. */
  double kvMs(double context) {
    return VllmMemory.kvBytesPerToken(a, tp) * context / bandwidth * 1000;
  }

  /** Milliseconds of arithmetic for one token attending to {@code context} earlier tokens. */
  double tokenComputeMs(double context) {
    double matrix = 2.0 * w.activeMatrixParameters() / tp;
    double attention = 4.0 * a.layers() * a.queryWidth() * context / tp;
    return (matrix + attention) / flops * 1000;
  }

  /** Milliseconds of the all-reduces of a step of {@code tokens} tokens; 0 on one GPU. */
  double allReduceMs(double tokens) {
    if (tp == 1) {
      return 0;
    }
    double bytes = tokens * a.hiddenSize() * 2.0;
    double transfer = 2.0 * (tp - 1) / tp * bytes / linkBytesPerSecond * 1000;
    return a.layers() * c.allReducesPerLayer() * (allReduceLatencyMs + transfer);
  }

  /**
   * Engine steps a round of {@code running} requests takes: one per output token, or more when
   * their prompt and output tokens together overflow the per-step budget.
   */
  static double steps(int running, long prompt, long output, int budget) {
    return Math.max(output, Math.ceil((double) running * (prompt + output) / budget));
  }

  /**
   * The mean step of {@code running} requests in steady state, as a {@link BatchedStep} whose
   * per-sequence parts carry each sequence's share of decode and prefill in a step.
   */
  BatchedStep step(int running, long prompt, long output, int budget) {
    double steps = steps(running, prompt, output, budget);
    double decodeShare = output / steps;
    double prefillShare = prompt / steps;
    double decodeContext = prompt + output / 2.0;
    double tokensPerStep = running * (decodeShare + prefillShare);
    return new BatchedStep(
        weightMs(),
        kvMs(decodeContext) * decodeShare,
        0,
        decodeShare * tokenComputeMs(decodeContext) + prefillShare * tokenComputeMs(prompt / 2.0),
        c.stepOverheadMs() + allReduceMs(tokensPerStep));
  }

  /** A step of {@code running} sequences that only decode, at {@code context} tokens each. */
  BatchedStep decodeStep(int running, double context) {
    return new BatchedStep(
        weightMs(),
        kvMs(context),
        0,
        tokenComputeMs(context),
        c.stepOverheadMs() + allReduceMs(running));
  }

  /** Prompt tokens per second of one request alone, in chunks of the step budget. */
  double promptTokensPerSecond(long prompt, int budget) {
    if (prompt == 0) {
      return Double.NaN;
    }
    double ms = 0;
    for (long done = 0; done < prompt; done += budget) {
      long chunk = Math.min(budget, prompt - done);
      double context = done + chunk / 2.0;
      double compute = chunk * tokenComputeMs(context);
      ms += Math.max(weightMs() + kvMs(done), compute) + c.stepOverheadMs() + allReduceMs(chunk);
    }
    return prompt / ms * 1000;
  }
}
