package org.llmadvisor.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsdAmountTest {

  @Test
  void should_give_back_the_same_double_when_made_from_a_double() {
    // a cost the cloud model really produced; the JSON must show the same number
    double monthly = 15.827499999999999;

    assertThat(UsdAmount.of(monthly).toDouble()).isEqualTo(monthly);
    assertThat(UsdAmount.of(0.1 + 0.2).toDouble()).isEqualTo(0.30000000000000004);
  }

  @Test
  void should_round_half_up_on_the_decimal_amount_when_rounded_to_cents() {
    // 1.005 and 2.675 are stored just below the half cent: Math.round(v * 100) / 100.0 gives
    // 1.0 and 2.67, the decimal amount rounds up
    assertThat(Math.round(1.005 * 100) / 100.0).isEqualTo(1.0);
    assertThat(UsdAmount.of(1.005).roundedToCents().amount()).isEqualByComparingTo("1.01");
    assertThat(UsdAmount.of(2.675).roundedToCents().amount()).isEqualByComparingTo("2.68");
    assertThat(UsdAmount.of(15.827499999999999).roundedToCents().toDouble()).isEqualTo(15.83);
    assertThat(UsdAmount.of(0.124).roundedToCents().toDouble()).isEqualTo(0.12);
  }

  @Test
  void should_read_back_what_it_writes_when_parsed() {
    UsdAmount a = UsdAmount.of(new BigDecimal("1387.95"));

    assertThat(a.toString()).isEqualTo("USD 1387.95");
    assertThat(UsdAmount.parse(a.toString())).isEqualTo(a);
  }

  @Test
  void should_compare_by_value_when_scales_differ() {
    assertThat(UsdAmount.parse("USD 1.5").compareTo(UsdAmount.parse("USD 1.50"))).isZero();
    assertThat(UsdAmount.of(2).isGreaterThan(UsdAmount.of(1.99))).isTrue();
    assertThat(UsdAmount.of(2).plus(UsdAmount.of(0.5)).minus(UsdAmount.of(1)).toDouble())
        .isEqualTo(1.5);
  }

  @Test
  void should_name_the_bad_value_when_not_finite_or_not_an_amount() {
    assertThatThrownBy(() -> UsdAmount.of(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> UsdAmount.of(Double.POSITIVE_INFINITY))
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> UsdAmount.parse("$12")).hasMessageContaining("'$12'");
    assertThatThrownBy(() -> UsdAmount.parse("USD twelve")).hasMessageContaining("'USD twelve'");
  }
}
