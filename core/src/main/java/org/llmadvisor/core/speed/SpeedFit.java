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
 * <p>{@link SpeedModel} makes the time of a generated token linear in three unknowns: {@code
 * 1/bandwidthEfficiency}, {@code shaderFlopsPerWeight} and {@code perLayerMs}. This class reads the
 * coefficient of each off the model itself, by evaluating it at unit factors ({@link
 * #generationTerms}), so the fit uses exactly the model that later predicts. The time of a prompt
 * token is likewise proportional to {@code 1/computeEfficiency}. The fit minimises the sum of
 * squared relative errors of time per token, with every factor at or above zero (a factor that
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
    PER_LAYER_MS
  }

  /**
   * Seconds per generated token that each factor contributes at a value of one: the token takes
   * {@code memorySeconds / bandwidthEfficiency + shaderSeconds × shaderFlopsPerWeight +
   * layerSeconds × perLayerMs}.
   */
  public record GenerationTerms(double memorySeconds, double shaderSeconds, double layerSeconds) {}

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
      double bandwidthEfficiency, double shaderFlopsPerWeight, double perLayerMs) {}

  /**
   * The terms of one request on a {@code backend} device, read off {@code model} (the speed model
   * evaluated under a given calibration). The request must run wholly on one device: with layers
   * split between a GPU and the CPU two bandwidth efficiencies mix and the terms no longer
   * separate.
   */
  public static GenerationTerms generationTerms(
      Function<SpeedCalibration, SpeedEstimate> model, Backend backend, double pcieGBps) {
    double base = secondsPerToken(model, unit(backend, 1, 0, 0, 1, pcieGBps));
    double shader = secondsPerToken(model, unit(backend, 1, 1, 0, 1, pcieGBps)) - base;
    double layer = secondsPerToken(model, unit(backend, 1, 0, 1, 1, pcieGBps)) - base;
    // Other backends' factors matter only when layers are split between devices.
    if (secondsPerToken(model, unit(backend, 1, 0, 0, 1, pcieGBps, 0.5)) != base) {
      throw new IllegalArgumentException(
          "the request is split between devices; fit only requests that run on one device");
    }
    return new GenerationTerms(base, shader, layer);
  }

  /** Prompt rate of {@code model} on a {@code backend} device at a compute efficiency of one. */
  public static double promptRateAtFullEfficiency(
      Function<SpeedCalibration, SpeedEstimate> model, Backend backend, double pcieGBps) {
    return model.apply(unit(backend, 1, 0, 0, 1, pcieGBps)).promptTokensPerSecond();
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
            s.terms().layerSeconds() * rate
          };
      b[i] = 1;
    }
    boolean[] use = {
      true, free.contains(Term.SHADER_FLOPS_PER_WEIGHT), free.contains(Term.PER_LAYER_MS)
    };
    double[] x = nonNegativeLeastSquares(a, b, use);
    if (!(x[0] > 0)) {
      throw new IllegalArgumentException("the fit left no time for memory reads: " + x[0]);
    }
    return new GenerationFactors(1 / x[0], x[1], x[2]);
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

  private static double secondsPerToken(
      Function<SpeedCalibration, SpeedEstimate> model, SpeedCalibration cal) {
    return model.apply(cal).generationMsPerToken() / 1000;
  }

  private static SpeedCalibration unit(
      Backend backend,
      double bandwidth,
      double shader,
      double perLayer,
      double compute,
      double pcieGBps) {
    return unit(backend, bandwidth, shader, perLayer, compute, pcieGBps, 1);
  }

  private static SpeedCalibration unit(
      Backend backend,
      double bandwidth,
      double shader,
      double perLayer,
      double compute,
      double pcieGBps,
      double otherBandwidth) {
    Map<Backend, SpeedCalibration.Factors> m = new EnumMap<>(Backend.class);
    for (Backend b : Backend.values()) {
      m.put(
          b,
          b == backend
              ? new SpeedCalibration.Factors(bandwidth, shader, perLayer, compute, "unit")
              : new SpeedCalibration.Factors(otherBandwidth, 0, 0, 1, "unit"));
    }
    return new SpeedCalibration(m, pcieGBps);
  }
}
