package org.llmadvisor.core.gguf;

import java.util.List;
import org.llmadvisor.core.model.GgmlType;

/**
 * One entry of a GGUF tensor table.
 *
 * @param name tensor name
 * @param dims ggml dimensions, innermost first
 * @param type storage type
 * @param offset data offset relative to the start of the tensor data section
 */
public record GgufTensorInfo(String name, List<Long> dims, GgmlType type, long offset) {

  public GgufTensorInfo {
    dims = List.copyOf(dims);
  }

  public long elements() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Exact bytes this tensor occupies in the file (without alignment padding). */
  public long bytes() {
    long rows = elements() / dims.get(0);
    return type.bytes(dims.get(0), rows);
  }
}
