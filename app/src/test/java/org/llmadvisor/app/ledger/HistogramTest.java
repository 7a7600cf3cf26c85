package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void should_place_every_value_inside_the_bounds_of_its_bucket() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long v = i < 5000 ? i : (long) Math.exp(random.nextDouble() * 40);
      int b = Histogram.index(v);
      assertThat(Histogram.lowerBound(b)).isLessThanOrEqualTo(v);
      assertThat(Histogram.upperBound(b)).isGreaterThanOrEqualTo(v);
      // neighbouring buckets touch, so no value falls between them
      assertThat(Histogram.lowerBound(b + 1)).isEqualTo(Histogram.upperBound(b) + 1);
    }
  }

  @Test
  void should_keep_buckets_narrower_than_a_128th_of_their_value() {
    for (int b = 0; b < Histogram.index(Long.MAX_VALUE); b += 7) {
      long lo = Histogram.lowerBound(b);
      long width = Histogram.upperBound(b) - lo + 1;
      assertThat(width).isLessThanOrEqualTo(Math.max(1, lo / 128));
    }
  }

  @Test
  void should_give_the_nearest_rank_percentile_of_a_sorted_list_when_values_are_exact() {
    Random random = new Random(11);
    long[] values = new long[10_001];
    Histogram h = new Histogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt((int) Histogram.EXACT);
      h.add(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {0.01, 0.5, 0.95, 0.99, 1.0}) {
      long expected = values[(int) Math.ceil(p * values.length) - 1];
      assertThat(h.percentile(p)).as("p%s", p).isEqualTo((double) expected);
    }
  }

  @Test
  void should_take_the_seventh_of_a_hundred_values_when_p_is_seven_hundredths() {
    Histogram h = new Histogram();
    for (long v = 100; v >= 1; v--) {
      h.add(v);
    }

    // 0.07 x 100 and 0.55 x 100 are a hair above 7 and 55 in doubles: still the 7th and 55th
    assertThat(h.percentile(0.07)).isEqualTo(7.0);
    assertThat(h.percentile(0.55)).isEqualTo(55.0);
    assertThat(h.percentile(0.95)).isEqualTo(95.0);
  }

  @Test
  void should_stay_within_four_thousandths_of_the_exact_percentile_for_long_latencies() {
    Random random = new Random(13);
    long[] values = new long[20_000];
    Histogram h = new Histogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = Histogram.EXACT + random.nextInt(600_000);
      h.add(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {0.5, 0.95}) {
      long expected = values[(int) Math.ceil(p * values.length) - 1];
      assertThat(h.percentile(p))
          .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(0.4));
    }
  }

  @Test
  void should_be_empty_without_values_and_refuse_negative_ones() {
    assertThat(new Histogram().percentile(0.5)).isNull();
    assertThatThrownBy(() -> Histogram.index(-1)).hasMessageContaining("was -1");
  }
}
