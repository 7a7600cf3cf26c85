package org.llmadvisor.core.units;

/**
 * A non-negative amount of memory in bytes. GiB means 2^30 bytes and GB 10^9 bytes; llama.cpp
 * prints GiB, GPU vendors print GB, so both views are offered and neither is implied.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

  public static final ByteSize ZERO = new ByteSize(0);
  private static final double GIB = 1024.0 * 1024.0 * 1024.0;

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofGiB(double gib) {
    return new ByteSize(Math.round(gib * GIB));
  }

  public static ByteSize ofGB(double gb) {
    return new ByteSize(Math.round(gb * 1e9));
  }

  public ByteSize plus(ByteSize other) {
    return new ByteSize(Math.addExact(bytes, other.bytes));
  }

  public ByteSize minusOrZero(ByteSize other) {
    return new ByteSize(Math.max(0, bytes - other.bytes));
  }

  public ByteSize multipliedBy(long factor) {
    return new ByteSize(Math.multiplyExact(bytes, factor));
  }

  public double gib() {
    return bytes / GIB;
  }

  public double gb() {
    return bytes / 1e9;
  }

  public boolean isGreaterThan(ByteSize other) {
    return bytes > other.bytes;
  }

  @Override
  public int compareTo(ByteSize o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return Wording.f("%.2f GiB", gib());
  }
}
