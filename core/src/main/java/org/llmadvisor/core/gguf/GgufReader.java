package org.llmadvisor.core.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmadvisor.core.model.GgmlType;

/**
 * Reads the header of a GGUF file (layout per ggml's {@code docs/gguf.md}): magic, version, tensor
 * count, metadata key/values, then the tensor table. Only the header is read, never the weights, so
 * a 40 GB file costs a few megabytes of I/O. All integers are little-endian.
 *
 * <p>Limits guard against hostile or truncated input: a header that exceeds them is rejected with a
 * {@link GgufFormatException} rather than exhausting memory.
 */
public final class GgufReader {

  private static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
  private static final long MAX_TENSORS = 1_000_000;
  private static final long MAX_KEYS = 100_000;
  private static final long MAX_STRING = 16L * 1024 * 1024;
  private static final long MAX_ARRAY = 1L << 31;
  private static final int ARRAY_HEAD = 8;

  private final DataInputStream in;
  private long position;

  private GgufReader(InputStream in) {
    this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  public static GgufFile read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GgufFile read(InputStream in) {
    try {
      return new GgufReader(in).header();
    } catch (EOFException e) {
      throw new GgufFormatException("truncated GGUF header");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GgufFile header() throws IOException {
    int magic = u32();
    if (magic != MAGIC) {
      throw new GgufFormatException(
          "not a GGUF file: magic is 0x" + Integer.toHexString(magic) + ", expected 'GGUF'");
    }
    int version = u32();
    if (version < 2 || version > 3) {
      throw new GgufFormatException("unsupported GGUF version " + version + " (2 and 3 are read)");
    }
    long tensorCount = checkedCount(u64(), MAX_TENSORS, "tensor count");
    long kvCount = checkedCount(u64(), MAX_KEYS, "metadata key count");
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = string();
      int type = u32();
      metadata.put(key, value(type, key));
    }
    List<GgufTensorInfo> tensors = new ArrayList<>((int) tensorCount);
    for (long i = 0; i < tensorCount; i++) {
      String name = string();
      int nDims = u32();
      if (nDims < 1 || nDims > 4) {
        throw new GgufFormatException(
            "tensor " + name + ": " + nDims + " dimensions (1-4 allowed)");
      }
      List<Long> dims = new ArrayList<>(nDims);
      for (int d = 0; d < nDims; d++) {
        long dim = u64();
        if (dim <= 0) {
          throw new GgufFormatException("tensor " + name + ": dimension " + d + " is " + dim);
        }
        dims.add(dim);
      }
      int typeId = u32();
      GgmlType type =
          GgmlType.byId(typeId)
              .orElseThrow(
                  () ->
                      new GgufFormatException("tensor " + name + ": unknown ggml type " + typeId));
      if (!type.fits(dims.get(0))) {
        throw new GgufFormatException(
            "tensor "
                + name
                + ": row of "
                + dims.get(0)
                + " is not a whole number of "
                + type
                + " blocks");
      }
      long offset = u64();
      tensors.add(new GgufTensorInfo(name, dims, type, offset));
    }
    return new GgufFile(version, metadata, tensors);
  }

  private Object value(int type, String key) throws IOException {
    return switch (type) {
      case 0 -> (long) in.readUnsignedByte();
      case 1 -> (long) in.readByte();
      case 2 -> (long) u16();
      case 3 -> (long) (short) u16();
      case 4 -> u32() & 0xFFFFFFFFL;
      case 5 -> (long) u32();
      case 6 -> (double) Float.intBitsToFloat(u32());
      case 7 -> in.readUnsignedByte() != 0;
      case 8 -> string();
      case 9 -> array(key);
      case 10, 11 -> u64();
      case 12 -> Double.longBitsToDouble(u64());
      default -> throw new GgufFormatException("metadata " + key + ": unknown value type " + type);
    };
  }

  private GgufFile.ArraySummary array(String key) throws IOException {
    int elementType = u32();
    if (elementType == 9) {
      throw new GgufFormatException("metadata " + key + ": nested arrays are not supported");
    }
    long length = checkedCount(u64(), MAX_ARRAY, "metadata " + key + " array length");
    List<Object> head = new ArrayList<>();
    for (long i = 0; i < length; i++) {
      Object v = value(elementType, key);
      if (i < ARRAY_HEAD) {
        head.add(v);
      }
    }
    return new GgufFile.ArraySummary(typeName(elementType), length, head);
  }

  private static String typeName(int t) {
    return switch (t) {
      case 0 -> "uint8";
      case 1 -> "int8";
      case 2 -> "uint16";
      case 3 -> "int16";
      case 4 -> "uint32";
      case 5 -> "int32";
      case 6 -> "float32";
      case 7 -> "bool";
      case 8 -> "string";
      case 10 -> "uint64";
      case 11 -> "int64";
      case 12 -> "float64";
      default -> "type" + t;
    };
  }

  private String string() throws IOException {
    long len = u64();
    if (len < 0 || len > MAX_STRING) {
      throw new GgufFormatException("string of " + len + " bytes at offset " + position);
    }
    byte[] b = new byte[(int) len];
    in.readFully(b);
    position += len;
    return new String(b, StandardCharsets.UTF_8);
  }

  private static long checkedCount(long n, long max, String what) {
    if (n < 0 || n > max) {
      throw new GgufFormatException(what + " " + Long.toUnsignedString(n) + " exceeds " + max);
    }
    return n;
  }

  private int u16() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    position += 2;
    return b0 | b1 << 8;
  }

  private int u32() throws IOException {
    int v = Integer.reverseBytes(in.readInt());
    position += 4;
    return v;
  }

  private long u64() throws IOException {
    long v = Long.reverseBytes(in.readLong());
    position += 8;
    return v;
  }
}
