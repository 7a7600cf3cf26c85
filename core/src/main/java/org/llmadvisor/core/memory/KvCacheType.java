package org.llmadvisor.core.memory;

import java.util.Locale;
import java.util.Optional;
import org.llmadvisor.core.model.GgmlType;

/**
 * Element type of the KV cache (llama.cpp's {@code --cache-type-k/v}, Ollama's {@code
 * OLLAMA_KV_CACHE_TYPE}). Quantized caches are stored in ggml blocks, so q8_0 really costs 34/32
 * bytes per element and q4_0 18/32.
 */
public enum KvCacheType {
  F16(GgmlType.F16),
  Q8_0(GgmlType.Q8_0),
  Q4_0(GgmlType.Q4_0),
  F32(GgmlType.F32);

  private final GgmlType storage;

  KvCacheType(GgmlType storage) {
    this.storage = storage;
  }

  public GgmlType storage() {
    return storage;
  }

  /** Bytes of {@code rows} cache rows of {@code width} elements, rounding a partial block up. */
  public long bytes(long width, long rows) {
    long blocks = (width + storage.blockElements() - 1) / storage.blockElements();
    return Math.multiplyExact(blocks * storage.blockBytes(), rows);
  }

  public static Optional<KvCacheType> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
