package org.llmadvisor.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TokenPriceTest {

  @Test
  void should_price_input_and_output_apart_when_costing_a_call() {
    // given gpt-4o-mini's list price: $0.15 in, $0.60 out per million tokens
    TokenPrice mini = TokenPrice.of(0.15, 0.60);
    // when a call reads 9 tokens and writes 12
    BigDecimal cost = mini.costOf(9, 12);
    // then 9 × 0.15 / 1e6 + 12 × 0.60 / 1e6 = 0.00000135 + 0.0000072
    assertThat(cost).isEqualByComparingTo("0.00000855");
    assertThat(cost.scale()).isEqualTo(TokenPrice.SCALE);
  }

  @Test
  void should_take_catalog_prices_as_written_when_built_from_doubles() {
    // 0.1 has no exact binary double; the decimal price must still be exactly 0.1
    assertThat(TokenPrice.of(0.1, 0.1).costOf(1_000_000, 0)).isEqualByComparingTo("0.1");
  }

  @Test
  void should_round_half_up_to_a_millionth_of_a_cent_when_costing_a_call() {
    // 1 token at $0.00005 per million is 5e-11 dollars: half of the last kept digit
    assertThat(new TokenPrice(new BigDecimal("0.00005"), BigDecimal.ZERO).costOf(1, 0))
        .isEqualByComparingTo("0.0000000001");
  }

  @Test
  void should_not_round_when_costing_average_token_counts() {
    BigDecimal cost = TokenPrice.of(2.5, 10).costOf(new BigDecimal("0.5"), new BigDecimal("0.25"));
    assertThat(cost).isEqualByComparingTo("0.00000375");
  }

  @Test
  void should_charge_nothing_when_free() {
    assertThat(TokenPrice.FREE.isFree()).isTrue();
    assertThat(TokenPrice.FREE.costOf(1_000_000, 1_000_000)).isZero();
  }

  @Test
  void should_reject_a_negative_price_naming_it() {
    assertThatThrownBy(() -> TokenPrice.of(-1, 0)).hasMessageContaining("-1");
  }
}
