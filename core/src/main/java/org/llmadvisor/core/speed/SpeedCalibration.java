package org.llmadvisor.core.speed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.hardware.Backend;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.model.GgmlType;

/**
 * Efficiency factors per backend, read from {@code catalog/speed-calibration.json}, which records
 * the measurements they were fitted on and the error of that fit.
 *
 * @param layerSplitHopMs what each further GPU of a layer-split server adds to a generated token
 *     (the activations handed from one GPU to the next, and the synchronisation)
 * @param cpu constants of the CPU model that apply to machines with a {@link CpuProfile}
 */
public record SpeedCalibration(
    Map<Backend, Factors> backends, double pcieGBps, double layerSplitHopMs, Cpu cpu) {

  /**
   * Constants of llama.cpp's CPU backend, per family of vector kernels ({@link CpuProfile.Simd}).
   *
   * @param measuredBandwidthEfficiency share of a measured read bandwidth (this machine's, read
   *     between per-layer barriers) that a generated token reaches; {@link
   *     Factors#bandwidthEfficiency()} is the share of a spec sheet's peak instead
   * @param decodeOpsPerCycle operations per cycle of one core's matrix-vector kernels (2 per
   *     weight) on the reference type: what one thread multiplies however fast the memory is
   * @param decodeTypeCost work per weight of each storage type relative to the reference type in
   *     those kernels (unpacking 6-bit scales or split bits costs more than a 4-bit nibble)
   * @param defaultTypeCost the cost of a type not listed
   * @param matmulOpsPerCycle operations per cycle per core of the quantized matrix kernels (int8
   *     multiply-accumulates × 2)
   * @param promptEfficiency share of the running cores' {@code matmulOpsPerCycle} peak a prompt
   *     reaches
   * @param defaultClockGHz the clock assumed when none is known
   * @param repackPromptSpeedup prompt throughput of repacked weights over the plain layout
   */
  public record Cpu(
      double measuredBandwidthEfficiency,
      Map<CpuProfile.Simd, Double> decodeOpsPerCycle,
      Map<GgmlType, TypeCost> decodeTypeCost,
      TypeCost defaultTypeCost,
      Map<CpuProfile.Simd, Double> matmulOpsPerCycle,
      double promptEfficiency,
      double defaultClockGHz,
      double repackPromptSpeedup) {
    public Cpu {
      decodeOpsPerCycle = Map.copyOf(decodeOpsPerCycle);
      decodeTypeCost = Map.copyOf(decodeTypeCost);
      matmulOpsPerCycle = Map.copyOf(matmulOpsPerCycle);
      for (CpuProfile.Simd s : CpuProfile.Simd.values()) {
        if (!decodeOpsPerCycle.containsKey(s) || !matmulOpsPerCycle.containsKey(s)) {
          throw new IllegalArgumentException("no CPU constants for " + s);
        }
      }
    }
  }

  /**
   * Work per weight of a storage type in the matrix-vector kernels, relative to the reference type
   * at one sequence (shared + perSequence = 1 for the reference).
   *
   * @param shared done once per step whatever the batch: unpacking the weights
   * @param perSequence done for each sequence: the multiplications
   */
  public record TypeCost(double shared, double perSequence) {
    public TypeCost {
      if (!(shared >= 0) || !(perSequence > 0)) {
        throw new IllegalArgumentException(
            "need shared >= 0 and perSequence > 0, was " + shared + " and " + perSequence);
      }
    }
  }

  /**
   * @param bandwidthEfficiency share of peak memory bandwidth a generated token achieves
   * @param shaderFlopsPerWeight FP32 shader operations per weight per token (dequantize, multiply)
   * @param superBlockFlopsPerWeight further shader operations per weight stored in a 256-weight
   *     super-block type (the k-quants and i-quants: packed sub-block scales and minimums to
   *     unpack), beyond {@code shaderFlopsPerWeight}
   * @param perLayerMs fixed cost per layer per token (kernel launches, synchronisation)
   * @param computeEfficiency share of peak FP16 throughput prompt processing achieves
   * @param overlapped whether the shader arithmetic runs while the weights stream in (the step
   *     waits for the slower of the two) rather than after them (the times add)
   * @param batched how a step of several sequences multiplies quantized weights, when the backend
   *     switches kernels with the batch size
   */
  public record Factors(
      double bandwidthEfficiency,
      double shaderFlopsPerWeight,
      double superBlockFlopsPerWeight,
      double perLayerMs,
      double computeEfficiency,
      boolean overlapped,
      Batched batched,
      String calibratedOn) {

    /** Without batch regimes. */
    public Factors(
        double bandwidthEfficiency,
        double shaderFlopsPerWeight,
        double superBlockFlopsPerWeight,
        double perLayerMs,
        double computeEfficiency,
        boolean overlapped,
        String calibratedOn) {
      this(
          bandwidthEfficiency,
          shaderFlopsPerWeight,
          superBlockFlopsPerWeight,
          perLayerMs,
          computeEfficiency,
          overlapped,
          Batched.NONE,
          calibratedOn);
    }

    /** Plain-type arithmetic only, added after the reads. */
    public Factors(
        double bandwidthEfficiency,
        double shaderFlopsPerWeight,
        double perLayerMs,
        double computeEfficiency,
        String calibratedOn) {
      this(
          bandwidthEfficiency,
          shaderFlopsPerWeight,
          0,
          perLayerMs,
          computeEfficiency,
          false,
          calibratedOn);
    }

    /** These factors with other generation terms, the prompt's compute efficiency kept. */
    public Factors withGeneration(
        double bandwidth, double shader, double superBlock, double perLayer, boolean overlap) {
      return new Factors(
          bandwidth,
          shader,
          superBlock,
          perLayer,
          computeEfficiency,
          overlap,
          batched,
          calibratedOn);
    }

    /** These factors with other batch regimes. */
    public Factors withBatched(Batched b) {
      return new Factors(
          bandwidthEfficiency,
          shaderFlopsPerWeight,
          superBlockFlopsPerWeight,
          perLayerMs,
          computeEfficiency,
          overlapped,
          b,
          calibratedOn);
    }
  }

  /**
   * Batch regimes of quantized weights (llama.cpp's CUDA backend): up to {@code vectorLimit}
   * sequences a matrix-vector kernel on the shader cores, whose every further sequence costs {@code
   * vectorFlopsPerWeight} FP32 operations per weight; past it a tiled tensor-core kernel that
   * streams the weights at {@code matrixBandwidthEfficiency} of the bandwidth.
   */
  public record Batched(
      int vectorLimit, double vectorFlopsPerWeight, double matrixBandwidthEfficiency) {
    public static final Batched NONE = new Batched(0, 0, 1);

    public Batched {
      if (vectorLimit < 0 || !(vectorFlopsPerWeight >= 0) || !(matrixBandwidthEfficiency > 0)) {
        throw new IllegalArgumentException(
            "batched regimes need vectorLimit >= 0, vectorFlopsPerWeight >= 0 and"
                + " matrixBandwidthEfficiency > 0");
      }
    }
  }

  public SpeedCalibration {
    backends = Map.copyOf(backends);
    cpu = cpu == null ? Bundled.CPU : cpu;
    if (!(layerSplitHopMs >= 0)) {
      throw new IllegalArgumentException("layerSplitHopMs must be >= 0, was " + layerSplitHopMs);
    }
  }

  /** With the bundled CPU constants. */
  public SpeedCalibration(Map<Backend, Factors> backends, double pcieGBps, double layerSplitHopMs) {
    this(backends, pcieGBps, layerSplitHopMs, null);
  }

  /** Factors for single-device servers only: no cost for a hop between GPUs. */
  public SpeedCalibration(Map<Backend, Factors> backends, double pcieGBps) {
    this(backends, pcieGBps, 0);
  }

  /** This calibration with other factors for {@code backend}. */
  public SpeedCalibration withFactors(Backend backend, Factors f) {
    Map<Backend, Factors> m = new EnumMap<>(backends);
    m.put(backend, f);
    return new SpeedCalibration(m, pcieGBps, layerSplitHopMs, cpu);
  }

  /** This calibration with other CPU constants. */
  public SpeedCalibration withCpu(Cpu c) {
    return new SpeedCalibration(backends, pcieGBps, layerSplitHopMs, c);
  }

  private static final class Bundled {
    static final Cpu CPU = readCpu();
  }

  public Factors factors(Backend b) {
    return backends.get(b);
  }

  /**
   * The bundled {@code speed-calibration.json}, parsed once for every reader of it ({@link
   * ServingCosts}, {@link ClockReference} and this class).
   */
  static JsonNode bundledFile() {
    return BundledFile.ROOT;
  }

  private static final class BundledFile {
    static final JsonNode ROOT = CatalogFiles.bundled("speed-calibration.json");
  }

  private static Cpu readCpu() {
    try {
      JsonNode c = bundledFile().get("cpuInference");
      Map<CpuProfile.Simd, Double> decode = new EnumMap<>(CpuProfile.Simd.class);
      Map<CpuProfile.Simd, Double> ops = new EnumMap<>(CpuProfile.Simd.class);
      for (CpuProfile.Simd s : CpuProfile.Simd.values()) {
        decode.put(s, c.get("decodeOpsPerCycle").get("value").get(s.name()).asDouble());
        ops.put(s, c.get("matmulOpsPerCycle").get("value").get(s.name()).asDouble());
      }
      Map<GgmlType, TypeCost> cost = new EnumMap<>(GgmlType.class);
      c.get("decodeTypeCost")
          .get("value")
          .fields()
          .forEachRemaining(e -> cost.put(GgmlType.valueOf(e.getKey()), typeCost(e.getValue())));
      return new Cpu(
          c.get("measuredBandwidthEfficiency").get("value").asDouble(),
          decode,
          cost,
          typeCost(c.get("decodeTypeCost").get("default")),
          ops,
          c.get("promptEfficiency").get("value").asDouble(),
          c.get("defaultClockGHz").get("value").asDouble(),
          c.get("repackPromptSpeedup").get("value").asDouble());
    } catch (NullPointerException e) {
      throw new CatalogException(
          "bundled catalog/speed-calibration.json has no readable cpuInference: " + e, e);
    }
  }

  private static TypeCost typeCost(JsonNode n) {
    return new TypeCost(n.get("shared").asDouble(), n.get("perSequence").asDouble());
  }

  private static Batched batched(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return Batched.NONE;
    }
    return new Batched(
        n.get("vectorLimit").get("value").asInt(),
        n.get("vectorFlopsPerWeight").get("value").asDouble(),
        n.get("matrixBandwidthEfficiency").get("value").asDouble());
  }

  public static SpeedCalibration bundled() {
    try {
      JsonNode root = bundledFile();
      Map<Backend, Factors> m = new EnumMap<>(Backend.class);
      for (Backend b : Backend.values()) {
        JsonNode n = root.get("backends").get(b.name());
        m.put(
            b,
            new Factors(
                n.get("bandwidthEfficiency").asDouble(),
                n.get("shaderFlopsPerWeight").asDouble(),
                n.path("superBlockFlopsPerWeight").asDouble(0),
                n.get("perLayerMs").asDouble(),
                n.get("computeEfficiency").asDouble(),
                n.path("overlapped").asBoolean(false),
                batched(n.path("batched")),
                n.get("calibratedOn").asText()));
      }
      return new SpeedCalibration(
          m,
          root.get("pcieGBps").get("value").asDouble(),
          root.get("layerSplitHopMs").get("value").asDouble(),
          Bundled.CPU);
    } catch (NullPointerException e) {
      throw new CatalogException("bundled catalog/speed-calibration.json is unreadable: " + e, e);
    }
  }
}
