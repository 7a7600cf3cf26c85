package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DotProductsTest {

  @Test
  void should_compute_each_row_as_scaled_integer_dot_products_of_its_blocks() {
    byte[] w = new byte[2 * 64];
    byte[] x = new byte[64];
    for (int i = 0; i < 64; i++) {
      x[i] = (byte) (i - 32);
      w[i] = 1;
      w[64 + i] = (byte) -2;
    }
    float[] scales = {0.5f, 0.25f, 1f, 2f};
    // row 0: blocks sum to (-32..-1) = -528 and (0..31) = 496; row 1: -2 times each
    float expected = 0.5f * -528 + 0.25f * 496 + 1f * 1056 + 2f * -992;
    assertThat(DotProducts.matrix(w, scales, x)).isCloseTo(expected, within(1e-3f));
  }

  @Test
  void should_report_a_positive_rate_for_every_core_it_ran_on() {
    DotProducts.Result r = DotProducts.measure(2, Duration.ofMillis(300));
    System.out.printf(
        "dot products: %d threads, %.2f Gops a thread%n", r.threads(), r.gopsPerThread());
    assertThat(r.threads()).isEqualTo(2);
    assertThat(r.gopsPerThread()).isGreaterThan(0.1);
  }
}
