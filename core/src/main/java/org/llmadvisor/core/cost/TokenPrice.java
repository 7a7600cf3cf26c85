package org.llmadvisor.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A per-token price list, input and output priced apart, in US dollars per million tokens. The one
 * place where tokens × price is computed: the monthly cloud estimate and the cost of each metered
 * call both go through {@link #costOf}.
 *
 * @param inputUsdPerMillion price of prompt tokens, dollars per million, not negative
 * @param outputUsdPerMillion price of generated tokens, dollars per million, not negative
 */
public record TokenPrice(BigDecimal inputUsdPerMillion, BigDecimal outputUsdPerMillion) {

  /** Digits kept after the decimal point: a millionth of a cent, below any price per token. */
  public static final int SCALE = 10;

  /** Rounding of a cost to {@link #SCALE} digits. */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

  /** Nothing charged per token (a local model on owned hardware). */
  public static final TokenPrice FREE = new TokenPrice(BigDecimal.ZERO, BigDecimal.ZERO);

  public TokenPrice {
    if (inputUsdPerMillion == null || inputUsdPerMillion.signum() < 0) {
      throw new IllegalArgumentException(
          "inputUsdPerMillion must be >= 0, was " + inputUsdPerMillion);
    }
    if (outputUsdPerMillion == null || outputUsdPerMillion.signum() < 0) {
      throw new IllegalArgumentException(
          "outputUsdPerMillion must be >= 0, was " + outputUsdPerMillion);
    }
  }

  /** From catalog figures; {@code 0.15} is taken as written, not as its nearest binary double. */
  public static TokenPrice of(double inputUsdPerMillion, double outputUsdPerMillion) {
    return new TokenPrice(
        BigDecimal.valueOf(inputUsdPerMillion), BigDecimal.valueOf(outputUsdPerMillion));
  }

  /** Cost of a call, in dollars rounded to {@link #SCALE} digits. */
  public BigDecimal costOf(long inputTokens, long outputTokens) {
    return costOf(BigDecimal.valueOf(inputTokens), BigDecimal.valueOf(outputTokens))
        .setScale(SCALE, ROUNDING);
  }

  /**
   * Exact cost of a number of tokens that may be fractional (an average over requests), in dollars:
   * dividing by a million only moves the decimal point, so nothing is rounded here.
   */
  public BigDecimal costOf(BigDecimal inputTokens, BigDecimal outputTokens) {
    return inputUsdPerMillion
        .multiply(inputTokens)
        .add(outputUsdPerMillion.multiply(outputTokens))
        .movePointLeft(6);
  }

  public boolean isFree() {
    return inputUsdPerMillion.signum() == 0 && outputUsdPerMillion.signum() == 0;
  }
}
