package org.llmadvisor.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * ggml tensor types with their numeric ids (the {@code ggml_type} enum) and storage: a tensor row
 * is cut into blocks of {@code blockElements} values, each stored in {@code blockBytes} bytes.
 * Sizes follow the {@code block_*} structs of llama.cpp's {@code ggml/src/ggml-common.h} (QK_K =
 * 256).
 */
public enum GgmlType {
  F32(0, 1, 4),
  F16(1, 1, 2),
  Q4_0(2, 32, 18),
  Q4_1(3, 32, 20),
  Q5_0(6, 32, 22),
  Q5_1(7, 32, 24),
  Q8_0(8, 32, 34),
  Q8_1(9, 32, 36),
  Q2_K(10, 256, 84),
  Q3_K(11, 256, 110),
  Q4_K(12, 256, 144),
  Q5_K(13, 256, 176),
  Q6_K(14, 256, 210),
  Q8_K(15, 256, 292),
  IQ2_XXS(16, 256, 66),
  IQ2_XS(17, 256, 74),
  IQ3_XXS(18, 256, 98),
  IQ1_S(19, 256, 50),
  IQ4_NL(20, 32, 18),
  IQ3_S(21, 256, 110),
  IQ2_S(22, 256, 82),
  IQ4_XS(23, 256, 136),
  I8(24, 1, 1),
  I16(25, 1, 2),
  I32(26, 1, 4),
  I64(27, 1, 8),
  F64(28, 1, 8),
  IQ1_M(29, 256, 56),
  BF16(30, 1, 2),
  TQ1_0(34, 256, 54),
  TQ2_0(35, 256, 66),
  MXFP4(39, 32, 17);

  private final int id;
  private final int blockElements;
  private final int blockBytes;

  GgmlType(int id, int blockElements, int blockBytes) {
    this.id = id;
    this.blockElements = blockElements;
    this.blockBytes = blockBytes;
  }

  public int id() {
    return id;
  }

  public int blockElements() {
    return blockElements;
  }

  public int blockBytes() {
    return blockBytes;
  }

  /** Storage cost per value, e.g. 4.5 for Q4_0 (18 bytes per 32 values). */
  public double bitsPerWeight() {
    return blockBytes * 8.0 / blockElements;
  }

  /**
   * Bytes of a tensor with {@code rowLength} values per row and {@code rows} rows; a row must be a
   * whole number of blocks, as ggml requires.
   */
  public long bytes(long rowLength, long rows) {
    if (rowLength % blockElements != 0) {
      throw new IllegalArgumentException(
          name() + " needs rows that are a multiple of " + blockElements + ", was " + rowLength);
    }
    return Math.multiplyExact(rowLength / blockElements * blockBytes, rows);
  }

  public boolean fits(long rowLength) {
    return rowLength % blockElements == 0;
  }

  public static Optional<GgmlType> byId(int id) {
    return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
  }

  public static Optional<GgmlType> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.name().equals(n)).findFirst();
  }
}
