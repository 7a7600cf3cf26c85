package org.llmadvisor.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentileTest {

  @Test
  void should_take_the_value_at_rank_ceil_p_n_when_the_values_are_sorted() {
    double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // ceil(0.5 x 10) = 5th; ceil(0.95 x 10) = 10th; ceil(0.91 x 10) = 10th; ceil(0.9 x 10) = 9th
    assertThat(Percentile.ofSorted(ten, 0.5)).isEqualTo(5);
    assertThat(Percentile.ofSorted(ten, 0.95)).isEqualTo(10);
    assertThat(Percentile.ofSorted(ten, 0.91)).isEqualTo(10);
    assertThat(Percentile.ofSorted(ten, 0.9)).isEqualTo(9);
    assertThat(Percentile.ofSorted(ten, 0.01)).isEqualTo(1);
    assertThat(Percentile.ofSorted(ten, 1.0)).isEqualTo(10);
  }

  @Test
  void should_not_round_up_when_p_times_n_is_a_whole_number_in_floating_point_dress() {
    // 0.07 x 100 is 7.000000000000001 in doubles: the 7th value, not the 8th
    assertThat(Percentile.rank(0.95, 100)).isEqualTo(95);
    assertThat(Percentile.rank(0.07, 100)).isEqualTo(7);
    assertThat(Percentile.rank(0.95, 20)).isEqualTo(19);
  }

  @Test
  void should_always_answer_a_value_that_was_seen_when_there_is_one() {
    assertThat(Percentile.ofSorted(new long[] {42}, 0.95)).isEqualTo(42L);
    assertThat(Percentile.ofSorted(new long[] {}, 0.95)).isNull();
    assertThat(Percentile.ofSorted(new double[] {}, 0.95)).isNaN();
  }

  @Test
  void should_refuse_a_percentile_outside_zero_to_one() {
    assertThatThrownBy(() -> Percentile.rank(95, 10)).hasMessageContaining("(0, 1], was 95");
    assertThatThrownBy(() -> Percentile.rank(0, 10)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> Percentile.rank(0.5, 0)).hasMessageContaining("at least one");
  }
}
