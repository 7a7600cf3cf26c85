package org.llmadvisor.machine;

import java.time.Duration;

/**
 * The arithmetic a quantized layer needs, timed on this machine's cores: each thread multiplies a
 * cache-resident matrix of 8-bit weights, in blocks of 32 with a scale each (llama.cpp's Q8_0
 * layout), by an 8-bit vector, as llama.cpp's CPU matrix-vector kernels do for a generated token.
 * The weights stay in the core's cache, so the figure is the cores' rate, not the memory's: what
 * binds when a few cores face fast memory. The speed model turns it into llama.cpp's rate with a
 * ratio measured once beside a real llama.cpp run ({@code catalog/speed-calibration.json}).
 */
public final class DotProducts {

  static final int BLOCK = 32;
  private static final int COLUMNS = 1024;
  private static final int ROWS = 192;

  private DotProducts() {}

  /**
   * @param threads threads that ran together, one per physical core
   * @param gopsPerThread operations (2 per weight) each thread finished per second, in 10^9, the
   *     mean over threads
   */
  public record Result(int threads, double gopsPerThread) {
    public Result {
      if (threads < 1 || !(gopsPerThread > 0)) {
        throw new IllegalArgumentException(
            "need threads >= 1 and gopsPerThread > 0, were " + threads + ", " + gopsPerThread);
      }
    }
  }

  /** Runs {@code threads} threads for about {@code duration} after a warm-up pass each. */
  public static Result measure(int threads, Duration duration) {
    long window = duration.toNanos();
    long[] rows = new long[threads];
    double[] seconds = new double[threads];
    float[] sinks = new float[threads];
    MemoryBandwidth.together(
        threads,
        "dot-products-",
        (id, start) -> {
          byte[] weights = filled(ROWS * COLUMNS, 31 + id);
          float[] scales = new float[ROWS * COLUMNS / BLOCK];
          java.util.Arrays.fill(scales, 0.01f);
          byte[] x = filled(COLUMNS, 7);
          float sink = 0;
          // warm-up: the JIT compiles the kernel before the clock starts
          for (int i = 0; i < 200; i++) {
            sink += matrix(weights, scales, x);
          }
          long from = start.getAsLong();
          long end = from + window;
          long n = 0;
          long now;
          while ((now = System.nanoTime()) < end) {
            sink += matrix(weights, scales, x);
            n += ROWS;
          }
          rows[id] = n;
          seconds[id] = (now - from) / 1e9;
          sinks[id] = sink;
        });
    double sum = 0;
    for (int t = 0; t < threads; t++) {
      sum += 2.0 * rows[t] * COLUMNS / seconds[t] / 1e9;
    }
    if (Float.isNaN(sinks[0])) {
      // keeps the sums alive for the JIT; never true for these inputs
      throw new IllegalStateException("no result");
    }
    return new Result(threads, sum / threads);
  }

  /** One matrix-vector product, summed so that nothing can be left out. */
  static float matrix(byte[] w, float[] scales, byte[] x) {
    float total = 0;
    int blocks = x.length / BLOCK;
    for (int r = 0, base = 0, s = 0; r < w.length / x.length; r++) {
      float row = 0;
      for (int b = 0; b < blocks; b++, s++, base += BLOCK) {
        row += scales[s] * block(w, base, x, b * BLOCK);
      }
      total += row;
    }
    return total;
  }

  /** One block's integer dot product, as llama.cpp's vec_dot of two Q8_0 blocks. */
  static int block(byte[] w, int from, byte[] x, int xFrom) {
    int sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += w[from + i] * x[xFrom + i];
    }
    return sum;
  }

  private static byte[] filled(int n, int seed) {
    byte[] b = new byte[n];
    int v = seed;
    for (int i = 0; i < n; i++) {
      v = v * 1103515245 + 12345;
      b[i] = (byte) (v >>> 24);
    }
    return b;
  }
}
