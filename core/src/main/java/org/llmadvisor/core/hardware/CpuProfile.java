package org.llmadvisor.core.hardware;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the CPU speed model needs to know about a processor beyond its memory bandwidth: how many
 * threads llama.cpp can run, how fast each core is, which vector kernels it has, and, for a machine
 * that measured itself, that its bandwidth is an achieved read rate rather than a spec sheet's
 * peak.
 *
 * @param physicalCores cores; llama.cpp's and Ollama's default thread count
 * @param logicalThreads hardware threads (cores × SMT ways)
 * @param clockGHz the highest clock the cores run at; empty when unknown (common in virtual
 *     machines)
 * @param instructionSets vector extensions as the machine module spells them ({@code AVX2}, {@code
 *     FMA}, {@code AVX-512}, {@code NEON}, {@code DOTPROD}, {@code I8MM}, {@code SVE})
 * @param bandwidthMeasured the hardware's memory bandwidth was measured on this machine with {@code
 *     physicalCores} threads (reads between per-layer barriers), not taken from a spec sheet
 * @param syncMicrosPerLayer measured cost of one barrier of {@code physicalCores} threads, once per
 *     layer of a token; empty when not measured
 * @param decodeGopsPerCore measured rate of one core's quantized matrix-vector arithmetic, in
 *     giga-operations per second on llama.cpp's reference type (Q4_0), calibrated to llama.cpp's
 *     kernels; empty when not measured (then clock × the instruction set's operations per cycle)
 */
public record CpuProfile(
    int physicalCores,
    int logicalThreads,
    Optional<Double> clockGHz,
    List<String> instructionSets,
    boolean bandwidthMeasured,
    Optional<Double> syncMicrosPerLayer,
    Optional<Double> decodeGopsPerCore) {

  /** Without a measured arithmetic rate. */
  public CpuProfile(
      int physicalCores,
      int logicalThreads,
      Optional<Double> clockGHz,
      List<String> instructionSets,
      boolean bandwidthMeasured,
      Optional<Double> syncMicrosPerLayer) {
    this(
        physicalCores,
        logicalThreads,
        clockGHz,
        instructionSets,
        bandwidthMeasured,
        syncMicrosPerLayer,
        Optional.empty());
  }

  /** This profile with a measured arithmetic rate per core. */
  public CpuProfile withDecodeGopsPerCore(double gops) {
    return new CpuProfile(
        physicalCores,
        logicalThreads,
        clockGHz,
        instructionSets,
        bandwidthMeasured,
        syncMicrosPerLayer,
        Optional.of(gops));
  }

  /** The family of llama.cpp CPU kernels a processor gets, from its vector extensions. */
  public enum Simd {
    /** x86 with AVX-512 (AVX2 and FMA implied). */
    AVX512,
    /** x86 with AVX2 and FMA. */
    AVX2,
    /** Arm with the int8 matrix multiply (i8mm) or SVE extension. */
    NEON_I8MM,
    /** Arm with the int8 dot product extension. */
    NEON_DOTPROD,
    /** Arm NEON only. */
    NEON,
    /** Neither: scalar or SSE/AVX-only kernels. */
    SCALAR
  }

  public CpuProfile {
    if (physicalCores < 1 || logicalThreads < physicalCores) {
      throw new IllegalArgumentException(
          "need 1 <= physicalCores <= logicalThreads, was "
              + physicalCores
              + " and "
              + logicalThreads);
    }
    clockGHz = clockGHz == null ? Optional.empty() : clockGHz;
    clockGHz.ifPresent(
        g -> {
          if (!(g > 0) || !Double.isFinite(g)) {
            throw new IllegalArgumentException("clockGHz must be > 0, was " + g);
          }
        });
    instructionSets = instructionSets.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    syncMicrosPerLayer = syncMicrosPerLayer == null ? Optional.empty() : syncMicrosPerLayer;
    syncMicrosPerLayer.ifPresent(
        s -> {
          if (!(s >= 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("syncMicrosPerLayer must be >= 0, was " + s);
          }
        });
    decodeGopsPerCore = decodeGopsPerCore == null ? Optional.empty() : decodeGopsPerCore;
    decodeGopsPerCore.ifPresent(
        g -> {
          if (!(g > 0) || !Double.isFinite(g)) {
            throw new IllegalArgumentException("decodeGopsPerCore must be > 0, was " + g);
          }
        });
  }

  /** A spec-sheet processor: no measurement. */
  public static CpuProfile of(
      int physicalCores, int logicalThreads, double clockGHz, List<String> instructionSets) {
    return new CpuProfile(
        physicalCores,
        logicalThreads,
        Optional.of(clockGHz),
        instructionSets,
        false,
        Optional.empty());
  }

  public boolean has(String instructionSet) {
    return instructionSets.contains(instructionSet.toUpperCase(Locale.ROOT));
  }

  public Simd simd() {
    if (has("AVX-512")) {
      return Simd.AVX512;
    }
    if (has("AVX2") && has("FMA")) {
      return Simd.AVX2;
    }
    if (has("I8MM") || has("SVE")) {
      return Simd.NEON_I8MM;
    }
    if (has("DOTPROD")) {
      return Simd.NEON_DOTPROD;
    }
    return has("NEON") ? Simd.NEON : Simd.SCALAR;
  }
}
