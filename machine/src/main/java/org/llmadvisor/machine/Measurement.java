package org.llmadvisor.machine;

import java.time.Instant;
import java.util.Optional;

/**
 * This machine measured: plain read bandwidth, the cost of a token's reads, and its cores' rate of
 * quantized dot products.
 *
 * @param machine the machine measured, as {@link #fingerprint} spells it; a cached measurement of
 *     another machine (a data folder copied elsewhere) is not reused
 */
public record Measurement(
    Instant measuredAt,
    String machine,
    MemoryBandwidth.Result bandwidth,
    TokenRead.Result tokenRead,
    Optional<DotProducts.Result> dotProducts) {

  /** Without the dot-product rate (a measurement stored before it was taken). */
  public Measurement(
      Instant measuredAt,
      String machine,
      MemoryBandwidth.Result bandwidth,
      TokenRead.Result tokenRead) {
    this(measuredAt, machine, bandwidth, tokenRead, Optional.empty());
  }

  /** The bandwidth method the speed model uses, and why, in the words of the API. */
  public static final String SPEED_MODEL_METHOD = "token-read";

  /**
   * The token-read figure, which pays the per-layer synchronisation llama.cpp pays (plain bandwidth
   * does not): what {@code /api/system} reports. The speed model takes its two parts, the rate read
   * between barriers and the barrier per layer ({@link LocalHardware}), so that it can time a model
   * with another number of layers.
   */
  public double speedModelGBps() {
    return tokenRead.effectiveGBps();
  }

  public static String fingerprint(MachineReport r) {
    return r.cpu().model()
        + " / "
        + r.cpu().cores()
        + " cores / "
        + r.cpu().threads()
        + " threads / "
        + r.memory().total().bytes()
        + " bytes";
  }
}
