package org.llmadvisor.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a value sits in a request body ({@code workload.peakFactor}, {@code
 * hardware[1].acquisition}) and the checks a value there can fail. A refusal is an {@link
 * ApiException} whose field is this path and whose message starts with it, so the request records
 * validate themselves with no knowledge of where they are nested.
 */
public record FieldPath(String path) {

  /** The body itself. */
  public static final FieldPath BODY = new FieldPath("");

  public FieldPath field(String name) {
    return new FieldPath(path.isEmpty() ? name : path + "." + name);
  }

  public FieldPath index(int i) {
    return new FieldPath(path + "[" + i + "]");
  }

  /** The path as the error shows it; the body is "body". */
  @Override
  public String toString() {
    return path.isEmpty() ? "body" : path;
  }

  /** A 400 naming this field: "{@code workload.peakFactor must be ...}". */
  public ApiException invalid(String problem) {
    return new ApiException(400, toString(), this + " " + problem);
  }

  /**
   * A 400 for an error a core class raised about one of its own fields ({@code message} starts with
   * {@code field}, as core's field exceptions do), placed under this path: {@code model.hidden_size
   * must be ...}.
   */
  public ApiException inner(String field, String message) {
    return new ApiException(400, field(field).toString(), this + "." + message);
  }

  public <T> T required(T value) {
    if (value == null) {
      throw invalid("is required");
    }
    return value;
  }

  /** A required value; the error says what it should be: "is required: a catalog id or ...". */
  public <T> T required(T value, String expected) {
    if (value == null) {
      throw invalid("is required: " + expected);
    }
    return value;
  }

  /** A number in [min, max]; {@code fallback} when absent, which is required if that is null. */
  public double number(Double value, Double fallback, double min, double max) {
    Double x = value == null ? fallback : value;
    if (x == null) {
      throw invalid("is required");
    }
    if (!Double.isFinite(x) || x < min || x > max) {
      throw invalid("must be between " + show(min) + " and " + show(max) + ", was " + show(x));
    }
    return x;
  }

  /** A number in (0, max]; required. */
  public double positive(Double value, double max) {
    return positiveIfGiven(required(value), max).orElseThrow();
  }

  /** A number in (0, max], if given. */
  public Optional<Double> positiveIfGiven(Double value, double max) {
    if (value == null) {
      return Optional.empty();
    }
    if (!Double.isFinite(value) || value <= 0 || value > max) {
      throw invalid("must be > 0 and <= " + show(max) + ", was " + show(value));
    }
    return Optional.of(value);
  }

  /** An integer in [min, max]; {@code fallback} when absent. */
  public long integer(Long value, long fallback, long min, long max) {
    long x = value == null ? fallback : value;
    if (x < min || x > max) {
      throw invalid("must be between " + min + " and " + max + ", was " + x);
    }
    return x;
  }

  /**
   * One of an enum's constants, written in lower case with hyphens ({@code END_TO_END} is {@code
   * end-to-end}), ignoring case; {@code fallback} when absent.
   */
  public <E extends Enum<E>> E oneOf(String value, E fallback) {
    if (value == null) {
      return fallback;
    }
    E[] all = fallback.getDeclaringClass().getEnumConstants();
    for (E e : all) {
      if (word(e).equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw invalid(
        "must be "
            + String.join("|", Arrays.stream(all).map(FieldPath::word).toList())
            + ", was '"
            + value
            + "'");
  }

  private static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String show(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
