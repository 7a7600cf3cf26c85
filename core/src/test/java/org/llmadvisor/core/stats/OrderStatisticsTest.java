package org.llmadvisor.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

  @Test
  void should_give_the_same_percentiles_as_sorting_when_values_have_ties_and_a_long_tail() {
    Random rnd = new Random(3);
    for (int n : new int[] {1, 2, 3, 10, 47, 48, 49, 1799, 1800}) {
      double[] xs = new double[n + 7];
      for (int i = 0; i < xs.length; i++) {
        // ties, a heavy tail and one lone outlier included
        xs[i] = rnd.nextInt(50) * rnd.nextDouble() * (rnd.nextInt(20) == 0 ? 40 : 1);
      }
      xs[5 + n / 2] = 1e9;
      double[] sorted = Arrays.copyOfRange(xs, 5, 5 + n);
      Arrays.sort(sorted);
      double[] before = xs.clone();
      double[] ps = {0.01, 0.07, 0.5, 0.95, 0.99, 1};

      double[] got = OrderStatistics.percentiles(xs, 5, 5 + n, ps);

      for (int j = 0; j < ps.length; j++) {
        assertThat(got[j]).as("n=%d p=%s", n, ps[j]).isEqualTo(Percentile.ofSorted(sorted, ps[j]));
      }
      assertThat(xs).as("the range is left as it was").isEqualTo(before);
    }
  }

  /** 1 to n in a shuffled order. */
  private static double[] shuffled(int n) {
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i + 1;
    }
    Random rnd = new Random(5);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      double t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }

  @Test
  void should_take_the_value_at_rank_ceil_p_n_when_the_values_are_one_to_n() {
    // ten values (sorted): ceil(0.5 x 10) = 5th, ceil(0.9 x 10) = 9th, ceil(0.91 x 10) = 10th
    assertThat(OrderStatistics.percentiles(shuffled(10), 0, 10, 0.5, 0.9, 0.91, 0.95))
        .containsExactly(5, 9, 10, 10);
    // a hundred (counted into buckets): 0.07 x 100 is a hair above 7 in doubles, still the 7th
    assertThat(OrderStatistics.percentiles(shuffled(100), 0, 100, 0.07, 0.5, 0.95, 0.951, 1))
        .containsExactly(7, 50, 95, 96, 100);
  }

  @Test
  void should_give_nan_when_the_range_is_empty_and_the_value_when_all_are_equal() {
    double[] same = new double[60];
    Arrays.fill(same, 2.5);

    assertThat(OrderStatistics.percentiles(same, 0, 60, 0.5, 0.95)).containsExactly(2.5, 2.5);
    assertThat(OrderStatistics.percentiles(same, 1, 1, 0.5)[0]).isNaN();
  }

  @Test
  void should_select_any_order_statistic_as_sorting_does() {
    Random rnd = new Random(9);
    double[] xs = new double[500];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Math.exp(rnd.nextGaussian() * 3);
    }
    double[] sorted = xs.clone();
    Arrays.sort(sorted);

    double[] got = OrderStatistics.select(xs, 0, 500, new int[] {0, 1, 250, 498, 499, 250});

    assertThat(got)
        .containsExactly(sorted[0], sorted[1], sorted[250], sorted[498], sorted[499], sorted[250]);
  }
}
