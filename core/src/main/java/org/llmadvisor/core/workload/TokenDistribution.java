package org.llmadvisor.core.workload;

import java.util.Random;

/**
 * Token counts per request: fixed at the mean when no p95 is given, log-normal with that mean and
 * 95th percentile when it is (request lengths are skewed: most are short, a few long), or geometric
 * (the discrete exponential, used to check the simulation against queueing theory).
 */
public record TokenDistribution(double mean, double p95, Shape shape) {

  /** Distribution family. */
  public enum Shape {
    FIXED,
    LOGNORMAL,
    GEOMETRIC
  }

  private static final double Z95 = 1.6448536269514722;

  public TokenDistribution {
    if (!(mean >= 0) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be >= 0, was " + mean);
    }
    if (Double.isNaN(p95) || p95 < 0) {
      throw new IllegalArgumentException("p95 must be >= 0, was " + p95);
    }
  }

  public static TokenDistribution fixed(double mean) {
    return new TokenDistribution(mean, mean, Shape.FIXED);
  }

  /** Mean and p95; a p95 at or below the mean means fixed lengths. */
  public static TokenDistribution of(double mean, double p95) {
    return p95 > mean ? new TokenDistribution(mean, p95, Shape.LOGNORMAL) : fixed(mean);
  }

  /** 1 + Geometric on {0, 1, …}: at least one token, mean {@code mean}. */
  public static TokenDistribution geometric(double mean) {
    if (mean < 1) {
      throw new IllegalArgumentException("geometric mean must be >= 1, was " + mean);
    }
    return new TokenDistribution(mean, mean, Shape.GEOMETRIC);
  }

  /** Log-normal sigma: ln(p95/mean) = z·σ − σ²/2, the smaller root. */
  double sigma() {
    if (p95 <= mean || mean == 0) {
      return 0;
    }
    double d = Z95 * Z95 - 2 * Math.log(p95 / mean);
    return d <= 0 ? Z95 : Z95 - Math.sqrt(d);
  }

  public long sample(Random rnd) {
    return switch (shape) {
      case FIXED -> Math.round(mean);
      case LOGNORMAL -> {
        double s = sigma();
        double mu = Math.log(mean) - s * s / 2;
        yield Math.max(0, Math.round(Math.exp(mu + s * rnd.nextGaussian())));
      }
      case GEOMETRIC -> {
        double p = 1 / mean;
        yield 1 + (long) Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(1 - p));
      }
    };
  }
}
