package org.llmadvisor.core.memory;

import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.core.hardware.Backend;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.hardware.RuntimeProfile;
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

  /** KV cache bytes of one layer that attends to the whole context, for the parallel sequences. */
  public static long kvBytesPerLayer(
      Architecture a, long contextTokens, int parallel, KvCacheType t) {
    long cells = Math.multiplyExact(contextTokens, (long) parallel);
    return 2 * t.bytes(a.kvWidth(), cells);
  }

  /**
   * KV cache bytes of layer {@code i}: a local (sliding-window) layer keeps at most the window per
   * sequence, as llama.cpp's split cache for such models does ({@code llama_kv_cache_iswa});
   * llama.cpp adds one micro-batch of cells to the window, left out here.
   */
  public static long kvBytes(
      Architecture a, int i, long contextTokens, int parallel, KvCacheType t) {
    long perSequence =
        a.isLocalLayer(i) ? Math.min(contextTokens, a.slidingWindow()) : contextTokens;
    return kvBytesPerLayer(a, perSequence, parallel, t);
  }

  public static MemoryEstimate estimate(Request r, Hardware hw, RuntimeProfile rt) {
    return estimate(r, hw, rt, 1);
  }

  /**
   * As {@link #estimate(Request, Hardware, RuntimeProfile)} for a server with {@code devices}
   * identical GPUs that split the layers between them: llama.cpp's layer split mode ({@code
   * --split-mode layer}, its default), where each device holds whole layers with their KV cache and
   * its own compute buffer. The placement follows Ollama's scheduler ({@code llm/memory.go}): every
   * GPU keeps its minimum free memory and a one-layer buffer, the layers are dealt out from the
   * last one down across the GPUs that still have space ({@code gpusWithSpace[i % j]}), then the
   * output head, and every GPU that received a layer also holds the compute graph.
   *
   * @param devices GPUs in the server; 1 for Apple chips and CPUs, which are one device per machine
   */
  public static MemoryEstimate estimate(Request r, Hardware hw, RuntimeProfile rt, int devices) {
    return estimate(r, Weights.of(r.architecture(), r.tensors()), hw, rt, devices);
  }

  /**
   * The weights' bytes by where they sit: each layer, the output head and what only the input
   * needs. The same for every device one tensor list is sized on, so a caller that sizes it on many
   * counts them once.
   *
   * @param layer bytes of each layer's tensors
   * @param output the output head's bytes (the token embedding's, when they are tied)
   * @param total every tensor's bytes
   *     <p>Read only: estimates share it.
   */
  public record Weights(long[] layer, long output, long total) {

    public static Weights of(Architecture a, List<QuantizedTensor> tensors) {
      int n = a.layers();
      long[] layer = new long[n];
      long output = 0;
      long inputOnly = 0;
      long weights = 0;
      boolean hasOutput = false;
      for (QuantizedTensor t : tensors) {
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
      }
      return new Weights(layer, output, weights);
    }
  }

  /**
   * As {@link #estimate(Request, Hardware, RuntimeProfile, int)} with the request's weights counted
   * before ({@link Weights#of} of its architecture and tensors).
   */
  public static MemoryEstimate estimate(
      Request r, Weights counted, Hardware hw, RuntimeProfile rt, int devices) {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be >= 1, was " + devices);
    }
    if (devices > 1 && hw.kind() != Hardware.Kind.GPU) {
      throw new IllegalArgumentException(
          hw.name() + " is one device per machine; devices must be 1, was " + devices);
    }
    Architecture a = r.architecture();
    int n = a.layers();
    if (counted.layer().length != n) {
      throw new IllegalArgumentException(
          "weights counted for " + counted.layer().length + " layers, the model has " + n);
    }
    long[] layer = counted.layer();
    long output = counted.output();
    long weights = counted.total();
    long kvLayer = kvBytesPerLayer(a, r.contextTokens(), r.parallel(), r.kvCacheType());
    long[] kv = new long[n];
    for (int i = 0; i < n; i++) {
      kv[i] = kvBytes(a, i, r.contextTokens(), r.parallel(), r.kvCacheType());
    }
    long kvTotal = sum(kv);
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
          readPerTokenAll,
          1,
          ByteSize.ZERO,
          ByteSize.ofBytes(
              hw.cpu().map(c -> CpuRepack.of(r.tensors(), c).repackedBytes()).orElse(0L)));
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

    long[] alloc = new long[devices];
    int[] layersOn = new int[devices];
    int gpuLayers = 0;
    long overflow = 0;
    long gpuRead = 0;
    boolean admitted = capacity > reserve + gMax + minimum + 2 * buffer;
    if (admitted) {
      // identical devices: all are admitted or none
      List<Integer> withSpace = new ArrayList<>();
      for (int d = 0; d < devices; d++) {
        alloc[d] = minimum + buffer;
        withSpace.add(d);
      }
      for (int i = n - 1; i >= 0; i--) {
        long size = layer[i] + kv[i];
        int d = place(withSpace, i, alloc, capacity, reserve + gMax, size);
        if (d < 0) {
          overflow += size;
        } else {
          alloc[d] += size;
          layersOn[d]++;
          gpuRead += layer[i];
          gpuLayers++;
        }
      }
      // as Ollama: the output head only goes to a GPU when every layer did
      int d =
          gpuLayers == n
              ? place(withSpace, gpuLayers, alloc, capacity, reserve + gMax, output)
              : -1;
      if (d < 0) {
        overflow += output;
      } else {
        alloc[d] += output;
        layersOn[d]++;
        gpuRead += output;
        gpuLayers++;
      }
    } else {
      overflow = sum(layer) + kvTotal + output;
    }
    boolean fits = gpuLayers == n + 1;
    // Ollama holds the larger graph while layers are split; the reserve exists whenever a GPU does.
    long graphUsed = fits ? g.full : gMax;
    long overheadBytes = devices * (minimum + buffer);
    long gpuBytes = 0;
    long largest = 0;
    for (int d = 0; d < devices; d++) {
      long onDevice = layersOn[d] == 0 ? 0 : alloc[d] + graphUsed;
      gpuBytes += onDevice;
      largest = Math.max(largest, onDevice);
    }
    long total = weights + kvTotal + devices * graphUsed + overheadBytes;
    long cpuBytes = Math.max(0, total - gpuBytes);
    return new MemoryEstimate(
        ByteSize.ofBytes(weights),
        ByteSize.ofBytes(kvTotal),
        ByteSize.ofBytes(devices * graphUsed),
        ByteSize.ofBytes(overheadBytes),
        ByteSize.ofBytes(total),
        fits,
        gpuLayers,
        n + 1,
        ByteSize.ofBytes(gpuBytes),
        ByteSize.ofBytes(cpuBytes),
        ByteSize.ofBytes(capacity),
        gpuRead,
        readPerTokenAll - gpuRead,
        devices,
        ByteSize.ofBytes(largest),
        ByteSize.ZERO);
  }

  /**
   * Ollama's choice of GPU for layer {@code i}: {@code gpusWithSpace[i % j]}; a GPU the layer does
   * not fit on leaves the list and the next one is tried.
   *
   * @return the device, or -1 when no GPU has space left
   */
  private static int place(
      List<Integer> withSpace, int i, long[] alloc, long capacity, long held, long size) {
    for (int j = withSpace.size(); j > 0; j--) {
      int k = i % j;
      int d = withSpace.get(k);
      if (capacity > held + alloc[d] + size) {
        return d;
      }
      withSpace.remove(k);
    }
    return -1;
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
