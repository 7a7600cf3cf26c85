package org.llmadvisor.core.memory;

import java.util.List;
import org.llmadvisor.core.catalog.Backend;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.RuntimeProfile;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.units.ByteSize;

/**
 * Memory needed to serve a model, following Ollama's estimate for the llama.cpp runner ({@code
 * llm/memory.go}, {@code fs/ggml/ggml.go GraphSize}): weights per layer, a KV cache per layer, a
 * compute graph for one batch, a minimum free reserve and a one-layer buffer on the GPU; layers are
 * placed on the GPU from the last one down while they fit, then the output head.
 *
 * <p>Where Ollama rounds, this model does not: quantized KV caches cost their true block size (q8_0
 * = 34/32 bytes per element, where Ollama assumes 1).
 */
public final class MemoryModel {

  private MemoryModel() {}

  /** What to size: the model, the context and how it is served. */
  public record Request(
      Architecture architecture,
      List<QuantizedTensor> tensors,
      long contextTokens,
      int parallel,
      KvCacheType kvCacheType) {
    public Request {
      if (contextTokens <= 0) {
        throw new IllegalArgumentException("contextTokens must be > 0, was " + contextTokens);
      }
      if (parallel <= 0) {
        throw new IllegalArgumentException("parallel must be > 0, was " + parallel);
      }
      tensors = List.copyOf(tensors);
    }
  }

  /** KV cache bytes of one layer for the request's context and parallel sequences. */
  public static long kvBytesPerLayer(
      Architecture a, long contextTokens, int parallel, KvCacheType t) {
    long cells = Math.multiplyExact(contextTokens, (long) parallel);
    return 2 * t.bytes(a.kvWidth(), cells);
  }

  public static MemoryEstimate estimate(Request r, Hardware hw, RuntimeProfile rt) {
    Architecture a = r.architecture();
    int n = a.layers();
    long[] layer = new long[n];
    long output = 0;
    long inputOnly = 0;
    long weights = 0;
    boolean hasOutput = false;
    for (QuantizedTensor t : r.tensors()) {
      long b = t.bytes();
      weights += b;
      int i = t.shape().layer();
      String name = t.shape().name();
      if (i >= 0 && i < n) {
        layer[i] += b;
      } else if (name.startsWith("output")) {
        output += b;
        hasOutput |= name.equals("output.weight");
      } else {
        inputOnly += b;
      }
    }
    if (!hasOutput) {
      // tied embeddings: the token embedding doubles as the output head
      output += inputOnly;
      inputOnly = 0;
    }
    long kvLayer = kvBytesPerLayer(a, r.contextTokens(), r.parallel(), r.kvCacheType());
    long kvTotal = kvLayer * n;
    Graph g = graph(a, r, rt.batchSize());
    long readPerTokenAll = sum(layer) + output;

    if (!hw.hasGpu()) {
      // CPU-only: everything in RAM; llama.cpp still allocates one compute buffer.
      long total = weights + kvTotal + g.full;
      return new MemoryEstimate(
          ByteSize.ofBytes(weights),
          ByteSize.ofBytes(kvTotal),
          ByteSize.ofBytes(g.full),
          ByteSize.ZERO,
          ByteSize.ofBytes(total),
          total <= hw.memory().bytes(),
          0,
          n + 1,
          ByteSize.ZERO,
          ByteSize.ofBytes(total),
          hw.memory(),
          0,
          readPerTokenAll);
    }

    Backend backend = hw.backend();
    long capacity =
        backend == Backend.METAL
            ? (long) (hw.memory().bytes() * rt.appleGpuMemoryFraction())
            : hw.memory().bytes();
    long minimum = rt.minimumMemory(backend).bytes();
    long reserve = rt.gpuOverhead().bytes();
    long partial = backend == Backend.METAL ? g.full : g.partial;
    long gMax = Math.max(partial, g.full);
    long buffer = layer[0] + kvLayer;

    int gpuLayers = 0;
    long alloc = 0;
    long overflow = 0;
    long gpuRead = 0;
    boolean admitted = capacity > reserve + gMax + minimum + 2 * buffer;
    if (admitted) {
      alloc = minimum + buffer;
      boolean full = false;
      for (int i = n - 1; i >= 0; i--) {
        long size = layer[i] + kvLayer;
        if (!full && capacity > reserve + alloc + gMax + size) {
          alloc += size;
          gpuRead += layer[i];
          gpuLayers++;
        } else {
          full = true;
          overflow += size;
        }
      }
      if (!full && capacity > reserve + alloc + gMax + output) {
        alloc += output;
        gpuRead += output;
        gpuLayers++;
      } else {
        overflow += output;
      }
    } else {
      overflow = sum(layer) + kvTotal + output;
    }
    boolean fits = gpuLayers == n + 1;
    // Ollama holds the larger graph while layers are split; the reserve exists whenever a GPU does.
    long graphUsed = fits ? g.full : gMax;
    long overheadBytes = minimum + buffer;
    long gpuBytes = gpuLayers == 0 ? 0 : alloc + graphUsed;
    long total = weights + kvTotal + graphUsed + overheadBytes;
    long cpuBytes = Math.max(0, total - gpuBytes);
    return new MemoryEstimate(
        ByteSize.ofBytes(weights),
        ByteSize.ofBytes(kvTotal),
        ByteSize.ofBytes(graphUsed),
        ByteSize.ofBytes(overheadBytes),
        ByteSize.ofBytes(total),
        fits,
        gpuLayers,
        n + 1,
        ByteSize.ofBytes(gpuBytes),
        ByteSize.ofBytes(cpuBytes),
        ByteSize.ofBytes(capacity),
        gpuRead,
        readPerTokenAll - gpuRead);
  }

  private record Graph(long full, long partial) {}

  /**
   * Ollama's compute-graph size for the llama family: the larger of the attention scores for one
   * batch (f32, batch × context × heads) and the logits (batch × vocabulary); partial offload adds
   * the activations that cross between CPU and GPU.
   */
  private static Graph graph(Architecture a, Request r, int batchSize) {
    long ctx = r.contextTokens() * r.parallel();
    long batch = Math.min(batchSize, r.contextTokens());
    long emb = a.hiddenSize();
    long heads = a.attentionHeads();
    long headsKv = a.kvHeads();
    long vocab = a.vocabSize();
    long headDim = a.headDim();
    long full = Math.max(4 * batch * (1 + 4 * emb + ctx * (1 + heads)), 4 * batch * (emb + vocab));
    long partial =
        4 * batch * emb
            + Math.max(
                4 * batch * (1 + emb + Math.max(ctx, emb))
                    + emb * emb * 9 / 16
                    + 4 * ctx * (batch * heads + headDim * headsKv),
                4 * batch * (emb + vocab) + emb * vocab * 105 / 128);
    return new Graph(full, partial);
  }

  private static long sum(long[] xs) {
    long s = 0;
    for (long x : xs) {
      s += x;
    }
    return s;
  }
}
