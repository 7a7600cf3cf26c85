package org.llmadvisor.machine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a generated token costs on this CPU: read a model's layers one after another, each layer
 * split among the threads llama.cpp would use, the threads meeting at a spinning barrier after
 * every layer as ggml's CPU backend does. On a virtual machine, where a vCPU can be descheduled
 * while the others spin, that meeting is not free, and plain bandwidth overstates the speed.
 *
 * <p>A second, short run with empty layers measures the barrier alone, so that the cost of a token
 * can be scaled to a model of any size ({@link Result#secondsPerToken(long, int)}).
 */
public final class TokenRead {

  private TokenRead() {}

  /**
   * @param secondsPerToken time to read all {@code layers} once, barriers included
   * @param syncSecondsPerLayer time of one barrier with nothing to read
   */
  public record Result(
      int threads,
      int layers,
      long bytesPerLayer,
      long tokens,
      double secondsPerToken,
      double syncSecondsPerLayer) {

    /** Bytes read per second, barriers included: what the speed model should divide by. */
    public double effectiveGBps() {
      return layers * (double) bytesPerLayer / secondsPerToken / 1e9;
    }

    /** Bytes read per second between barriers. */
    public double streamingGBps() {
      double reading = secondsPerToken - layers * syncSecondsPerLayer;
      return reading > 0 ? layers * (double) bytesPerLayer / reading / 1e9 : effectiveGBps();
    }

    /**
     * Time of a token of a model whose layers total {@code bytes}: reads plus one barrier a layer.
     */
    public double secondsPerToken(long bytes, int modelLayers) {
      return bytes / (streamingGBps() * 1e9) + modelLayers * syncSecondsPerLayer;
    }
  }

  /**
   * Reads {@code layers} layers of {@code bytesPerLayer} with {@code threads} threads for about
   * {@code duration}, then measures the barrier alone for a fifth of it.
   */
  public static Result measure(int threads, int layers, long bytesPerLayer, Duration duration) {
    int longs = Math.toIntExact(Math.max(1, bytesPerLayer / Long.BYTES));
    long[][] model = new long[layers][];
    for (int l = 0; l < layers; l++) {
      model[l] = MemoryBandwidth.filled(longs, l);
    }
    Run full = run(model, threads, duration);
    Run sync = run(new long[][] {new long[0]}, threads, duration.dividedBy(5));
    return new Result(
        threads,
        layers,
        (long) longs * Long.BYTES,
        full.tokens(),
        full.seconds() / full.tokens(),
        sync.seconds() / sync.tokens());
  }

  private record Run(long tokens, double seconds) {}

  private static Run run(long[][] layers, int threads, Duration duration) {
    SpinBarrier barrier = new SpinBarrier(threads);
    AtomicLong started = new AtomicLong();
    CyclicBarrier ready = new CyclicBarrier(threads, () -> started.set(System.nanoTime()));
    long[] tokens = new long[1];
    long[] sinks = new long[threads];
    // the number of tokens after which every thread stops; thread 0 sets it once time is up
    AtomicLong stopAfter = new AtomicLong(Long.MAX_VALUE);
    List<Thread> workers = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  measure(
                      layers, id, threads, barrier, ready, started, duration, stopAfter, tokens,
                      sinks);
                } catch (RuntimeException | Error e) {
                  // the others would spin at the barrier for ever waiting for this thread
                  failed.compareAndSet(null, e);
                  barrier.breakBarrier();
                  ready.reset();
                }
              },
              "token-read-" + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    MemoryBandwidth.joinAll(workers);
    if (failed.get() != null) {
      throw new IllegalStateException(
          "the per-token measurement failed: " + failed.get(), failed.get());
    }
    double seconds = (System.nanoTime() - started.get()) / 1e9;
    MemoryBandwidth.keep(sinks);
    return new Run(Math.max(1, tokens[0]), seconds);
  }

  private static void measure(
      long[][] layers,
      int id,
      int threads,
      SpinBarrier barrier,
      CyclicBarrier ready,
      AtomicLong started,
      Duration duration,
      AtomicLong stopAfter,
      long[] tokens,
      long[] sinks) {
    long sink = token(layers, id, threads, barrier, null); // warm-up
    MemoryBandwidth.await(ready);
    long end = started.get() + duration.toNanos();
    long n = 0;
    while (true) {
      long count = n + 1;
      sink +=
          token(
              layers,
              id,
              threads,
              barrier,
              id == 0
                  ? () -> {
                    if (System.nanoTime() >= end) {
                      stopAfter.compareAndSet(Long.MAX_VALUE, count);
                    }
                  }
                  : null);
      n = count;
      // The barrier that ended the token published thread 0's decision to everyone. The decision
      // names the token to stop after, not "stop now": a thread that reads it late, when thread 0
      // has already decided during the next token, must still run that token with the others.
      if (n >= stopAfter.get()) {
        break;
      }
    }
    if (id == 0) {
      tokens[0] = n;
    }
    sinks[id] = sink;
  }

  /** One token: this thread's share of every layer, then the barrier. */
  private static long token(
      long[][] layers, int id, int threads, SpinBarrier barrier, Runnable beforeLastBarrier) {
    long sink = 0;
    for (int l = 0; l < layers.length; l++) {
      long[] layer = layers[l];
      int from = (int) ((long) layer.length * id / threads);
      int to = (int) ((long) layer.length * (id + 1) / threads);
      sink += MemoryBandwidth.sum(layer, from, to);
      if (l == layers.length - 1 && beforeLastBarrier != null) {
        beforeLastBarrier.run();
      }
      barrier.await();
    }
    return sink;
  }
}
