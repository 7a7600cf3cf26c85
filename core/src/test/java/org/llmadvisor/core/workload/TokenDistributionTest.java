package org.llmadvisor.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Samples of each shape against expectations worked by hand. Sampling is seeded; the tolerances are
 * several standard errors wide at the sample size used, so they fail on a wrong formula, not on
 * chance.
 */
class TokenDistributionTest {

  private static final int N = 200_000;

  private static long[] sample(TokenDistribution d, long seed) {
    Random rnd = new Random(seed);
    long[] xs = new long[N];
    for (int i = 0; i < N; i++) {
      xs[i] = d.sample(rnd);
    }
    Arrays.sort(xs);
    return xs;
  }

  private static double mean(long[] xs) {
    return Arrays.stream(xs).average().orElseThrow();
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  /** Proves fixed lengths are the mean every time, rounded to whole tokens. */
  @Test
  void should_return_the_rounded_mean_every_time_when_lengths_are_fixed() {
    long[] xs = sample(TokenDistribution.fixed(199.6), 1);

    assertThat(xs[0]).isEqualTo(200);
    assertThat(xs[N - 1]).isEqualTo(200);
  }

  /**
   * Proves the log-normal has the requested mean and p95, worked by hand for mean 500 and p95 1500:
   * ln(p95 / mean) = z·σ − σ²/2 with z = 1.6448536 gives σ = z − √(z² − 2 ln 3) = 1.6448536 −
   * √(2.7055434 − 2.1972246) = 0.9318888; μ = ln 500 − σ²/2 = 5.7803998; so the median is e^μ =
   * 323.889 and the p95 e^(μ + zσ) = 1500. Standard error of the mean: 500 √(e^σ² − 1) / √N = 1.3,
   * so 1% (5) is about four of them.
   */
  @Test
  void should_match_the_hand_computed_mean_median_and_p95_when_lengths_are_log_normal() {
    TokenDistribution d = TokenDistribution.of(500, 1500);
    assertThat(d.shape()).isEqualTo(TokenDistribution.Shape.LOGNORMAL);
    assertThat(d.sigma()).isCloseTo(0.9318888, within(1e-6));

    long[] xs = sample(d, 2);

    assertThat(mean(xs)).isCloseTo(500, within(5.0));
    assertThat((double) percentile(xs, 0.5)).isCloseTo(323.889, within(0.02 * 323.889));
    assertThat((double) percentile(xs, 0.95)).isCloseTo(1500, within(0.03 * 1500));
    assertThat(xs[0]).isNotNegative();
  }

  /**
   * Proves the cap when the requested p95 is out of the log-normal's reach for that mean: the
   * largest p95 / mean the family reaches is e^(z²/2) = 3.868 (at σ = z), so asking mean 100, p95
   * 10,000 gives σ = z and a p95 of about 387 with the mean still 100 — the mean is kept, the p95
   * is not.
   */
  @Test
  void should_keep_the_mean_and_cap_the_spread_when_the_p95_is_out_of_reach() {
    TokenDistribution d = TokenDistribution.of(100, 10_000);
    assertThat(d.sigma()).isCloseTo(1.6448536, within(1e-6));

    long[] xs = sample(d, 3);

    assertThat(mean(xs)).isCloseTo(100, within(2.0));
    assertThat((double) percentile(xs, 0.95)).isCloseTo(386.8, within(0.03 * 386.8));
  }

  /**
   * Proves the geometric shape used to check the simulation against queueing theory: 1 +
   * Geometric(p = 1 / mean) on {0, 1, …} has mean 1 + (1 − p) / p = mean and P(X = 1) = p; for mean
   * 4: mean 4, one quarter of the samples exactly 1, none below 1. Standard error of the mean √12 /
   * √N = 0.008, so 0.04 is five of them.
   */
  @Test
  void should_have_the_requested_mean_and_a_quarter_of_ones_when_geometric_with_mean_four() {
    long[] xs = sample(TokenDistribution.geometric(4), 4);

    assertThat(mean(xs)).isCloseTo(4, within(0.04));
    assertThat(xs[0]).isEqualTo(1);
    long ones = Arrays.stream(xs).filter(x -> x == 1).count();
    assertThat(ones / (double) N).isCloseTo(0.25, within(0.005));
  }

  /** Proves a p95 at or below the mean means fixed lengths, and bad parameters are refused. */
  @Test
  void should_fall_back_to_fixed_or_refuse_when_the_parameters_do_not_make_a_spread() {
    assertThat(TokenDistribution.of(500, 500).shape()).isEqualTo(TokenDistribution.Shape.FIXED);
    assertThat(TokenDistribution.of(500, 100).shape()).isEqualTo(TokenDistribution.Shape.FIXED);
    assertThatThrownBy(() -> TokenDistribution.of(-1, 10)).hasMessageContaining("mean");
    assertThatThrownBy(
            () -> new TokenDistribution(10, Double.NaN, TokenDistribution.Shape.LOGNORMAL))
        .hasMessageContaining("p95");
    assertThatThrownBy(() -> TokenDistribution.geometric(0.5)).hasMessageContaining(">= 1");
  }
}
