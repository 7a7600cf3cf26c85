package org.llmadvisor.core.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of US dollars. The models compute in {@code double}; an amount keeps the decimal value
 * that the double prints as, so an amount made from a double gives that same double back, and
 * rounding happens only where it is asked for, with a named rule.
 */
public record UsdAmount(BigDecimal amount) implements Comparable<UsdAmount> {

  /**
   * Cents are rounded half up on the decimal amount: $1.005 becomes $1.01 (rounding the binary
   * double times 100 would give $1.00, because 1.005 is stored as 1.00499999...).
   */
  public static final RoundingMode CENTS_ROUNDING = RoundingMode.HALF_UP;

  public static final UsdAmount ZERO = new UsdAmount(BigDecimal.ZERO);

  private static final String PREFIX = "USD ";

  public UsdAmount {
    Objects.requireNonNull(amount, "amount");
  }

  /**
   * @throws IllegalArgumentException when {@code usd} is NaN or infinite
   */
  public static UsdAmount of(double usd) {
    if (!Double.isFinite(usd)) {
      throw new IllegalArgumentException("a USD amount must be finite, was " + usd);
    }
    return new UsdAmount(BigDecimal.valueOf(usd));
  }

  public static UsdAmount of(BigDecimal usd) {
    return new UsdAmount(usd);
  }

  /** Reads what {@link #toString()} writes, {@code USD 12.34}. */
  public static UsdAmount parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a USD amount reads 'USD <number>', was '" + text + "'");
    }
    try {
      return new UsdAmount(new BigDecimal(text.substring(PREFIX.length())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a USD amount reads 'USD <number>', was '" + text + "'");
    }
  }

  public UsdAmount plus(UsdAmount other) {
    return new UsdAmount(amount.add(other.amount));
  }

  public UsdAmount minus(UsdAmount other) {
    return new UsdAmount(amount.subtract(other.amount));
  }

  /** To whole cents with {@link #CENTS_ROUNDING}. */
  public UsdAmount roundedToCents() {
    return new UsdAmount(amount.setScale(2, CENTS_ROUNDING));
  }

  public boolean isGreaterThan(UsdAmount other) {
    return compareTo(other) > 0;
  }

  public boolean isLessThan(UsdAmount other) {
    return compareTo(other) < 0;
  }

  /** The nearest double, for the models and the JSON that carry dollars as numbers. */
  public double toDouble() {
    return amount.doubleValue();
  }

  /** By value: $1.5 and $1.50 compare equal (but are not {@link #equals}). */
  @Override
  public int compareTo(UsdAmount o) {
    return amount.compareTo(o.amount);
  }

  @Override
  public String toString() {
    return PREFIX + amount.toPlainString();
  }
}
