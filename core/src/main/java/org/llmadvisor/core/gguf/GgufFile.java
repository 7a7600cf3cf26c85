package org.llmadvisor.core.gguf;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a GGUF file: metadata and tensor table. Large metadata arrays (the tokenizer's
 * vocabulary and merges) are kept as their length only.
 *
 * @param version GGUF format version (2 or 3)
 * @param metadata key → value (String, Long, Double, Boolean, or {@link ArraySummary})
 * @param tensors the tensor table in file order
 */
public record GgufFile(int version, Map<String, Object> metadata, List<GgufTensorInfo> tensors) {

  public GgufFile {
    metadata = Map.copyOf(metadata);
    tensors = List.copyOf(tensors);
  }

  /** An array value: its element type name, its length, and its first elements when small. */
  public record ArraySummary(String elementType, long length, List<Object> head) {
    public ArraySummary {
      head = List.copyOf(head);
    }
  }

  public Optional<String> string(String key) {
    return Optional.ofNullable(metadata.get(key)).map(Object::toString);
  }

  public Optional<Long> integer(String key) {
    Object v = metadata.get(key);
    if (v instanceof Number n) {
      return Optional.of(n.longValue());
    }
    if (v instanceof ArraySummary a && !a.head().isEmpty() && a.head().get(0) instanceof Number n) {
      // some converters store per-layer values (e.g. head_count_kv) as arrays; take the first
      return Optional.of(n.longValue());
    }
    return Optional.empty();
  }

  public Optional<ArraySummary> array(String key) {
    return metadata.get(key) instanceof ArraySummary a ? Optional.of(a) : Optional.empty();
  }

  /** Sum of the exact tensor sizes: what llama.cpp reports as the model size. */
  public long tensorBytes() {
    return tensors.stream().mapToLong(GgufTensorInfo::bytes).sum();
  }

  public long parameterCount() {
    return tensors.stream().mapToLong(GgufTensorInfo::elements).sum();
  }
}
