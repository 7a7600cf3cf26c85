package org.llmadvisor.core.speed;

import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.CpuRepack;
import org.llmadvisor.core.memory.QuantizedTensor;

/**
 * How llama.cpp's CPU backend runs on a processor with a {@link CpuProfile}: generation is bound by
 * memory bandwidth only when the running cores multiply faster than the memory delivers, every
 * layer ends in a barrier of all threads, and prompt processing is bound by the cores' arithmetic.
 *
 * <ul>
 *   <li>Threads: {@code threads} as asked, by default the physical cores (llama.cpp's {@code
 *       cpu_get_num_math()}, and Ollama's default). Up to the physical cores each thread has a
 *       core; past them two threads share a core, and since llama.cpp gives every thread an equal
 *       share of each operation, the slowest (shared) thread sets the pace: t threads on c cores
 *       run at t / ceil(t / c) cores' speed. Past the hardware threads they time-slice, and every
 *       barrier waits for a thread that is not running: the token takes t / logical threads as
 *       long.
 *   <li>Generation takes the longer of reading the weights (a share of the spec sheet's peak
 *       bandwidth, or of the bandwidth measured on the machine) and multiplying them: every weight
 *       is dequantized and multiplied once per sequence, at the running cores × clock × the
 *       operations per cycle of the instruction set's matrix-vector kernels, slower per weight for
 *       types that take more work to unpack ({@code decodeTypeCost}), faster on repacked weights.
 *       On a 2-core machine with fast memory the arithmetic binds, not the memory.
 *   <li>Synchronisation: the measured cost of one barrier per layer when the machine measured it
 *       (scaled by the threads per core), else the backend's fixed per-layer cost.
 *   <li>Prompt: running cores × clock × the int8 multiply-accumulate rate of the quantized matrix
 *       kernels, at a fitted prompt efficiency, faster on the repacked share of the weights.
 * </ul>
 */
final class CpuSpeed {

  private CpuSpeed() {}

  /**
   * The CPU's working figures for one request.
   *
   * @param threads threads llama.cpp runs
   * @param bandwidth bytes per second a generated token reads at
   * @param memoryBandwidth bytes per second the memory gives, whatever the threads
   * @param syncSecondsPerLayer barrier time per layer of a token
   * @param slowdown factor on the whole token for threads past the hardware threads (1 otherwise)
   * @param decodeOpsPerSecond operations per second of the running cores' matrix-vector kernels on
   *     the reference type ({@code decodeTypeCost} 1)
   * @param peakFlops operations per second of the running cores' quantized matrix kernels
   * @param repack the weights llama.cpp repacks on this processor
   */
  record Plan(
      int threads,
      double bandwidth,
      double memoryBandwidth,
      double syncSecondsPerLayer,
      double slowdown,
      double decodeOpsPerSecond,
      double peakFlops,
      CpuRepack.Result repack) {}

  static Plan plan(
      Hardware hw,
      SpeedCalibration cal,
      java.util.List<QuantizedTensor> tensors,
      int requestedThreads) {
    SpeedCalibration.Factors f = cal.factors(hw.backend());
    SpeedCalibration.Cpu k = cal.cpu();
    CpuProfile p = hw.cpu().orElseThrow();
    int cores = p.physicalCores();
    int t = requestedThreads > 0 ? requestedThreads : cores;
    // threads on the busiest core: the slowest thread sets the pace of every operation
    int perCore = (t + cores - 1) / cores;
    double runningCores = Math.min((double) t / perCore, cores);
    double slowdown = t > p.logicalThreads() ? (double) t / p.logicalThreads() : 1.0;

    CpuRepack.Result repack = CpuRepack.of(tensors, p);
    double ghz = p.clockGHz().orElse(k.defaultClockGHz());
    double memory =
        (p.bandwidthMeasured() ? k.measuredBandwidthEfficiency() : f.bandwidthEfficiency())
            * hw.memoryBandwidthGBps()
            * 1e9;
    double bandwidth = memory;
    // a rate measured on the machine replaces clock × ops per cycle (a virtual machine's clock is
    // often unknown, and the kernels' rate per cycle differs between cores of one instruction set)
    double decodeOps =
        runningCores
            * p.decodeGopsPerCore()
                .map(g -> g * 1e9)
                .orElse(ghz * 1e9 * k.decodeOpsPerCycle().get(p.simd()));

    double sync =
        p.syncMicrosPerLayer().map(us -> us * 1e-6 * perCore).orElse(f.perLayerMs() / 1000.0);
    double ops = runningCores * ghz * 1e9 * k.matmulOpsPerCycle().get(p.simd());
    return new Plan(t, bandwidth, memory, sync, slowdown, decodeOps, ops, repack);
  }

  /**
   * Operations of one generation step in the matrix-vector kernels, in units of the reference type
   * at one sequence: the part done once per step (unpacking the weights) and the part each sequence
   * adds (its multiplications).
   */
  record DecodeOps(double shared, double perSequence) {}

  /**
   * 2 operations per weight of every matrix but the token embedding (a row lookup), weighted by the
   * type's costs, the routed share of the experts only. Without a tensor list, 2 per active weight
   * at the default type's costs.
   */
  static DecodeOps decodeOps(
      java.util.List<QuantizedTensor> tensors,
      org.llmadvisor.core.model.Architecture a,
      double activeWeights,
      SpeedCalibration cal) {
    SpeedCalibration.Cpu k = cal.cpu();
    if (tensors.isEmpty()) {
      SpeedCalibration.TypeCost c = k.defaultTypeCost();
      return new DecodeOps(2.0 * activeWeights * c.shared(), 2.0 * activeWeights * c.perSequence());
    }
    double routed = a.experts() > 0 ? (double) a.expertsPerToken() / a.experts() : 1.0;
    double shared = 0;
    double perSequence = 0;
    for (QuantizedTensor t : tensors) {
      org.llmadvisor.core.model.TensorShape s = t.shape();
      if (s.isOneDimensional() || s.bias() || s.name().startsWith("token_embd")) {
        continue;
      }
      SpeedCalibration.TypeCost c = k.decodeTypeCost().getOrDefault(t.type(), k.defaultTypeCost());
      double ops = 2.0 * s.elements() * (s.expert() ? routed : 1.0);
      shared += ops * c.shared();
      perSequence += ops * c.perSequence();
    }
    return new DecodeOps(shared, perSequence);
  }

  /** Prompt throughput gain of the repacked share of the weights. */
  static double promptKernelGain(Plan plan, SpeedCalibration cal) {
    return 1 + (cal.cpu().repackPromptSpeedup() - 1) * plan.repack().repackedShare();
  }
}
