package org.llmadvisor.core.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import org.llmadvisor.core.catalog.Backend;
import org.llmadvisor.core.catalog.CatalogException;

/**
 * Efficiency factors per backend, read from {@code catalog/speed-calibration.json}, which records
 * the measurements they were fitted on and the error of that fit.
 *
 * @param layerSplitHopMs what each further GPU of a layer-split server adds to a generated token
 *     (the activations handed from one GPU to the next, and the synchronisation)
 */
public record SpeedCalibration(
    Map<Backend, Factors> backends, double pcieGBps, double layerSplitHopMs) {

  /**
   * @param bandwidthEfficiency share of peak memory bandwidth a generated token achieves
   * @param shaderFlopsPerWeight FP32 shader operations per weight per token (dequantize, multiply)
   *     that do not overlap with memory traffic
   * @param perLayerMs fixed cost per layer per token (kernel launches, synchronisation)
   * @param computeEfficiency share of peak FP16 throughput prompt processing achieves
   */
  public record Factors(
      double bandwidthEfficiency,
      double shaderFlopsPerWeight,
      double perLayerMs,
      double computeEfficiency,
      String calibratedOn) {}

  public SpeedCalibration {
    backends = Map.copyOf(backends);
    if (!(layerSplitHopMs >= 0)) {
      throw new IllegalArgumentException("layerSplitHopMs must be >= 0, was " + layerSplitHopMs);
    }
  }

  /** Factors for single-device servers only: no cost for a hop between GPUs. */
  public SpeedCalibration(Map<Backend, Factors> backends, double pcieGBps) {
    this(backends, pcieGBps, 0);
  }

  public Factors factors(Backend b) {
    return backends.get(b);
  }

  public static SpeedCalibration bundled() {
    try (InputStream in =
        SpeedCalibration.class.getResourceAsStream("/catalog/speed-calibration.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      Map<Backend, Factors> m = new EnumMap<>(Backend.class);
      for (Backend b : Backend.values()) {
        JsonNode n = root.get("backends").get(b.name());
        m.put(
            b,
            new Factors(
                n.get("bandwidthEfficiency").asDouble(),
                n.get("shaderFlopsPerWeight").asDouble(),
                n.get("perLayerMs").asDouble(),
                n.get("computeEfficiency").asDouble(),
                n.get("calibratedOn").asText()));
      }
      return new SpeedCalibration(
          m,
          root.get("pcieGBps").get("value").asDouble(),
          root.get("layerSplitHopMs").get("value").asDouble());
    } catch (IOException | NullPointerException e) {
      throw new CatalogException("bundled catalog/speed-calibration.json is unreadable: " + e, e);
    }
  }
}
