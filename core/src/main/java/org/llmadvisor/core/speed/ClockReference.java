package org.llmadvisor.core.speed;

import com.fasterxml.jackson.databind.JsonNode;
import org.llmadvisor.core.data.CatalogException;

/**
 * The clock a CPU that reports none runs llama.cpp's per-cycle rates at, from its measured rate of
 * quantized dot products against the machine those rates were fitted on: that machine's assumed
 * clock times the ratio of the two rates. Read from {@code catalog/speed-calibration.json} ({@code
 * cpuInference.clockReference}).
 *
 * @param ghz the clock the fitted machine's per-cycle rates assume
 * @param dotProductGopsPerThread the fitted machine's measured dot products per thread, 10^9 a
 *     second
 */
public record ClockReference(double ghz, double dotProductGopsPerThread) {

  public static final ClockReference BUNDLED = read();

  public ClockReference {
    if (!(ghz > 0) || !(dotProductGopsPerThread > 0)) {
      throw new IllegalArgumentException(
          "need ghz > 0 and dotProductGopsPerThread > 0, were "
              + ghz
              + ", "
              + dotProductGopsPerThread);
    }
  }

  /** The clock, in GHz, of cores that measured {@code gopsPerThread}. */
  public double ghzFor(double gopsPerThread) {
    return ghz * gopsPerThread / dotProductGopsPerThread;
  }

  private static ClockReference read() {
    JsonNode n =
        SpeedCalibration.bundledFile().path("cpuInference").path("clockReference").path("value");
    if (!n.path("ghz").isNumber() || !n.path("dotProductGopsPerThread").isNumber()) {
      throw new CatalogException(
          "bundled catalog/speed-calibration.json: cpuInference.clockReference is missing");
    }
    return new ClockReference(n.get("ghz").asDouble(), n.get("dotProductGopsPerThread").asDouble());
  }
}
