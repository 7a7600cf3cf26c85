package org.llmadvisor.core.speed;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.llmadvisor.core.hardware.Backend;

/**
 * Fits a backend's efficiency factors to measured llama-bench speeds by least squares, so that the
 * factors can be fitted on one set of measurements and checked on another.
 *
 * <p>With the shader arithmetic added after the reads, {@link SpeedModel} makes the time of a
 * generated token linear in four unknowns: {@code 1/bandwidthEfficiency}, {@code
 * shaderFlopsPerWeight}, {@code superBlockFlopsPerWeight} and {@code perLayerMs}; overlapped, the
 * reads and the arithmetic meet in a maximum and {@link #fitOverlapped} searches instead. This
 * class reads the coefficient of each off the model itself, by evaluating it at unit factors
 * ({@link #generationTerms}), so the fit uses exactly the model that later predicts. The time of a
 * prompt token is likewise proportional to {@code 1/computeEfficiency}. The fit minimises the sum
 * of squared relative errors of time per token, with every factor at or above zero (a factor that
 * would go negative is held at zero). The bundled factors were tuned by hand on all reference rows
 * with another objective (see {@code catalog/speed-calibration.json}); this fit exists so that
 * tests can hold rows out of it.
 */
public final class SpeedFit {

  private SpeedFit() {}

  /** A factor of the generation model that a fit may set; the others stay at zero. */
  public enum Term {
    /** {@code 1 / bandwidthEfficiency}: always fitted. */
    BANDWIDTH,
    SHADER_FLOPS_PER_WEIGHT,
    SUPER_BLOCK_FLOPS_PER_WEIGHT,
    PER_LAYER_MS
  }

  /**
   * Seconds per generated token that each factor contributes at a value of one. Added after the
   * reads, the token takes {@code memorySeconds / bandwidthEfficiency + shaderSeconds ×
   * shaderFlopsPerWeight + superBlockSeconds × superBlockFlopsPerWeight + layerSeconds ×
   * perLayerMs}; overlapped, the first term and the next two (with {@code tensorSeconds}, the
   * multiplications on the tensor cores) meet in a maximum.
   */
  public record GenerationTerms(
      double memorySeconds,
      double shaderSeconds,
      double superBlockSeconds,
      double layerSeconds,
      double tensorSeconds) {

    /** Terms of a request with no super-block weights and no tensor-core time. */
    public GenerationTerms(double memorySeconds, double shaderSeconds, double layerSeconds) {
      this(memorySeconds, shaderSeconds, 0, layerSeconds, 0);
    }

    /** Seconds per token under {@code f}. */
    double seconds(GenerationFactors f, boolean overlapped) {
      double read = memorySeconds / f.bandwidthEfficiency();
      double shader =
          shaderSeconds * f.shaderFlopsPerWeight()
              + superBlockSeconds * f.superBlockFlopsPerWeight();
      double layer = layerSeconds * f.perLayerMs();
      return overlapped
          ? Math.max(read, shader + tensorSeconds) + layer
          : Math.max(read, tensorSeconds) + shader + layer;
    }
  }

  /** A measured generation rate with the model's terms for the same request and device. */
  public record GenerationSample(GenerationTerms terms, double measuredTokensPerSecond) {
    public GenerationSample {
      if (!(measuredTokensPerSecond > 0)) {
        throw new IllegalArgumentException(
            "measuredTokensPerSecond must be > 0, was " + measuredTokensPerSecond);
      }
    }
  }

  /** A measured prompt rate with the rate the model predicts at a compute efficiency of one. */
  public record PromptSample(double rateAtFullEfficiency, double measuredTokensPerSecond) {
    public PromptSample {
      if (!(measuredTokensPerSecond > 0) || !(rateAtFullEfficiency > 0)) {
        throw new IllegalArgumentException(
            "rates must be > 0, were " + rateAtFullEfficiency + " and " + measuredTokensPerSecond);
      }
    }
  }

  /** Fitted generation factors. */
  public record GenerationFactors(
      double bandwidthEfficiency,
      double shaderFlopsPerWeight,
      double superBlockFlopsPerWeight,
      double perLayerMs) {

    /** Factors without a super-block term. */
    public GenerationFactors(
        double bandwidthEfficiency, double shaderFlopsPerWeight, double perLayerMs) {
      this(bandwidthEfficiency, shaderFlopsPerWeight, 0, perLayerMs);
    }
  }

  /**
   * The terms of one request on a {@code backend} device, read off {@code model} (the speed model
   * evaluated under a given calibration). The request must run wholly on one device: with layers
   * split between a GPU and the CPU two bandwidth efficiencies mix and the terms no longer
   * separate.
   */
  public static GenerationTerms generationTerms(
      Function<SpeedCalibration, SpeedEstimate> model, Backend backend, double pcieGBps) {
    BatchedStep base = model.apply(unit(backend, 1, 0, 0, 0, 1, pcieGBps, 1)).step();
    BatchedStep shader = model.apply(unit(backend, 1, 1, 0, 0, 1, pcieGBps, 1)).step();
    BatchedStep superBlock = model.apply(unit(backend, 1, 0, 1, 0, 1, pcieGBps, 1)).step();
    BatchedStep layer = model.apply(unit(backend, 1, 0, 0, 1, 1, pcieGBps, 1)).step();
    // Other backends' factors matter only when layers are split between devices.
    if (model.apply(unit(backend, 1, 0, 0, 0, 1, pcieGBps, 0.5)).step().memoryMs(1)
        != base.memoryMs(1)) {
      throw new IllegalArgumentException(
          "the request is split between devices; fit only requests that run on one device");
    }
    return new GenerationTerms(
        base.memoryMs(1) / 1000,
        shader.sharedComputeMs() / 1000,
        superBlock.sharedComputeMs() / 1000,
        (layer.fixedMs() - base.fixedMs()) / 1000,
        base.computeMsPerSequence() / 1000);
  }

  /** Prompt rate of {@code model} on a {@code backend} device at a compute efficiency of one. */
  public static double promptRateAtFullEfficiency(
      Function<SpeedCalibration, SpeedEstimate> model, Backend backend, double pcieGBps) {
    return model.apply(unit(backend, 1, 0, 0, 0, 1, pcieGBps, 1)).promptTokensPerSecond();
  }

  /**
   * Least-squares factors over {@code samples}; terms not in {@code free} stay at zero.
   *
   * @throws IllegalArgumentException when there are no samples or the fitted bandwidth term is not
   *     positive
   */
  public static GenerationFactors fitGeneration(List<GenerationSample> samples, Set<Term> free) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to fit");
    }
    // Relative error of time per token: (terms · x) / measured time − 1 = (terms × rate) · x − 1.
    double[][] a = new double[samples.size()][];
    double[] b = new double[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      GenerationSample s = samples.get(i);
      double rate = s.measuredTokensPerSecond();
      a[i] =
          new double[] {
            s.terms().memorySeconds() * rate,
            s.terms().shaderSeconds() * rate,
            s.terms().superBlockSeconds() * rate,
            s.terms().layerSeconds() * rate
          };
      b[i] = 1;
    }
    boolean[] use = {
      true,
      free.contains(Term.SHADER_FLOPS_PER_WEIGHT),
      free.contains(Term.SUPER_BLOCK_FLOPS_PER_WEIGHT),
      free.contains(Term.PER_LAYER_MS)
    };
    double[] x = nonNegativeLeastSquares(a, b, use);
    if (!(x[0] > 0)) {
      throw new IllegalArgumentException("the fit left no time for memory reads: " + x[0]);
    }
    return new GenerationFactors(1 / x[0], x[1], x[2], x[3]);
  }

  /**
   * Least-squares factors of the overlapped form, where the reads and the shader arithmetic meet in
   * a maximum and the time is no longer linear in the factors: a grid over bandwidth efficiency and
   * the two shader terms, refined twice around the best point, with the per-layer cost solved in
   * closed form at each point (held at zero when it would go negative). Terms not in {@code free}
   * stay at zero.
   */
  public static GenerationFactors fitOverlapped(List<GenerationSample> samples, Set<Term> free) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to fit");
    }
    boolean shaderFree = free.contains(Term.SHADER_FLOPS_PER_WEIGHT);
    boolean superFree = free.contains(Term.SUPER_BLOCK_FLOPS_PER_WEIGHT);
    boolean layerFree = free.contains(Term.PER_LAYER_MS);
    double[] best = {0.8, 0, 0, 0};
    double bestError = Double.POSITIVE_INFINITY;
    double[] lo = {0.3, 0, 0};
    double[] hi = {1.2, shaderFree ? 80 : 0, superFree ? 80 : 0};
    for (int round = 0; round < 3; round++) {
      int steps = 40;
      double[] step = new double[3];
      for (int d = 0; d < 3; d++) {
        step[d] = (hi[d] - lo[d]) / steps;
      }
      for (int i = 0; i <= steps; i++) {
        double bw = lo[0] + i * step[0];
        if (!(bw > 0)) {
          continue;
        }
        for (int j = 0; j <= (shaderFree ? steps : 0); j++) {
          for (int k = 0; k <= (superFree ? steps : 0); k++) {
            double sh = lo[1] + j * step[1];
            double sb = lo[2] + k * step[2];
            GenerationFactors g = new GenerationFactors(bw, sh, sb, 0);
            double layer = layerFree ? bestLayer(samples, g) : 0;
            g = new GenerationFactors(bw, sh, sb, layer);
            double e = squaredError(samples, g);
            if (e < bestError) {
              bestError = e;
              best = new double[] {bw, sh, sb, layer};
            }
          }
        }
      }
      for (int d = 0; d < 3; d++) {
        lo[d] = Math.max(d == 0 ? 0.01 : 0, best[d] - 2 * step[d]);
        hi[d] = best[d] + 2 * step[d];
      }
    }
    return new GenerationFactors(best[0], best[1], best[2], best[3]);
  }

  /** The per-layer cost that minimises the squared relative error with the other factors fixed. */
  private static double bestLayer(List<GenerationSample> samples, GenerationFactors g) {
    double num = 0;
    double den = 0;
    for (GenerationSample s : samples) {
      double rate = s.measuredTokensPerSecond();
      double rest = s.terms().seconds(g, true) * rate;
      double l = s.terms().layerSeconds() * rate;
      num += l * (1 - rest);
      den += l * l;
    }
    return den == 0 ? 0 : Math.max(0, num / den);
  }

  private static double squaredError(List<GenerationSample> samples, GenerationFactors g) {
    double sum = 0;
    for (GenerationSample s : samples) {
      double e = s.terms().seconds(g, true) * s.measuredTokensPerSecond() - 1;
      sum += e * e;
    }
    return sum;
  }

  /** Least-squares compute efficiency over {@code samples} (relative error of time per token). */
  public static double fitComputeEfficiency(List<PromptSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to fit");
    }
    // time = (1 / efficiency) / rateAtFullEfficiency; minimise Σ (y × measured / full − 1)².
    double sxy = 0;
    double sxx = 0;
    for (PromptSample s : samples) {
      double c = s.measuredTokensPerSecond() / s.rateAtFullEfficiency();
      sxy += c;
      sxx += c * c;
    }
    return sxx / sxy;
  }

  /**
   * Minimises |a·x − b|² over the columns marked in {@code use}, keeping every x ≥ 0: a column
   * whose coefficient comes out negative is dropped and the rest refitted. Unused or all-zero
   * columns get 0.
   */
  static double[] nonNegativeLeastSquares(double[][] a, double[] b, boolean[] use) {
    int n = use.length;
    boolean[] active = Arrays.copyOf(use, n);
    for (int j = 0; j < n; j++) {
      boolean nonZero = false;
      for (double[] row : a) {
        nonZero |= row[j] != 0;
      }
      active[j] &= nonZero;
    }
    while (true) {
      double[] x = solveNormalEquations(a, b, active);
      int worst = -1;
      for (int j = 0; j < n; j++) {
        if (active[j] && x[j] < 0 && (worst < 0 || x[j] < x[worst])) {
          worst = j;
        }
      }
      if (worst < 0) {
        return x;
      }
      active[worst] = false;
    }
  }

  private static double[] solveNormalEquations(double[][] a, double[] b, boolean[] active) {
    int[] cols =
        java.util.stream.IntStream.range(0, active.length).filter(j -> active[j]).toArray();
    int k = cols.length;
    double[][] m = new double[k][k + 1];
    for (int i = 0; i < a.length; i++) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          m[r][c] += a[i][cols[r]] * a[i][cols[c]];
        }
        m[r][k] += a[i][cols[r]] * b[i];
      }
    }
    // Gaussian elimination with partial pivoting on the k × k normal equations.
    for (int p = 0; p < k; p++) {
      int pivot = p;
      for (int r = p + 1; r < k; r++) {
        if (Math.abs(m[r][p]) > Math.abs(m[pivot][p])) {
          pivot = r;
        }
      }
      double[] t = m[p];
      m[p] = m[pivot];
      m[pivot] = t;
      if (m[p][p] == 0) {
        throw new IllegalArgumentException("the samples cannot separate the fitted terms");
      }
      for (int r = 0; r < k; r++) {
        if (r != p) {
          double f = m[r][p] / m[p][p];
          for (int c = p; c <= k; c++) {
            m[r][c] -= f * m[p][c];
          }
        }
      }
    }
    double[] x = new double[active.length];
    for (int r = 0; r < k; r++) {
      x[cols[r]] = m[r][k] / m[r][r];
    }
    return x;
  }

  private static SpeedCalibration unit(
      Backend backend,
      double bandwidth,
      double shader,
      double superBlock,
      double perLayer,
      double compute,
      double pcieGBps,
      double otherBandwidth) {
    Map<Backend, SpeedCalibration.Factors> m = new EnumMap<>(Backend.class);
    for (Backend b : Backend.values()) {
      m.put(
          b,
          b == backend
              ? new SpeedCalibration.Factors(
                  bandwidth, shader, superBlock, perLayer, compute, true, "unit")
              : new SpeedCalibration.Factors(otherBandwidth, 0, 0, 1, "unit"));
    }
    return new SpeedCalibration(m, pcieGBps);
  }
}
