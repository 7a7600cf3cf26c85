package org.llmadvisor.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void should_measure_the_growth_of_the_time_in_system_when_it_rises_in_a_straight_line() {
    // arrivals every second; each request spends 2 s plus 0.3 s for every second before it
    double[] arrival = new double[100];
    double[] inSystem = new double[100];
    for (int i = 0; i < 100; i++) {
      arrival[i] = i;
      inSystem[i] = 2 + 0.3 * i + (i % 2 == 0 ? 0.5 : -0.5);
    }

    assertThat(LatencyRecorder.growth(arrival, inSystem, 10, 100)).isCloseTo(0.3, within(1e-3));
  }

  @Test
  void should_see_no_growth_when_the_time_in_system_only_wavers() {
    double[] arrival = new double[100];
    double[] inSystem = new double[100];
    for (int i = 0; i < 100; i++) {
      arrival[i] = i;
      inSystem[i] = 2 + (i % 2 == 0 ? 0.5 : -0.5);
    }

    assertThat(LatencyRecorder.growth(arrival, inSystem, 0, 100)).isCloseTo(0, within(1e-3));
  }

  @Test
  void should_give_the_spread_of_the_batch_p95s_when_the_batches_differ() {
    // two batches of 20: p95s 19 and 39 (the 19th of each); mean 29, sample sd 14.14,
    // half-width t(1) 12.706 x 14.14 / sqrt 2 = 127.06
    double[] values = new double[40];
    for (int i = 0; i < 40; i++) {
      values[i] = i;
    }

    assertThat(LatencyRecorder.p95HalfWidth(values, 0, 40)).isCloseTo(127.06, within(1e-2));
    assertThat(LatencyRecorder.p95HalfWidth(values, 0, 39)).isNaN();
  }
}
