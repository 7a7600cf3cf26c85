package org.llmadvisor.machine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read bandwidth of this machine's RAM: every thread sums its own array, larger than the caches,
 * until the time is up. Token generation reads every weight once per token, so this is the figure a
 * memory-bound CPU speed model needs, and the one the catalog can only guess for a given machine.
 */
public final class MemoryBandwidth {

  private MemoryBandwidth() {}

  /**
   * @param gbps bytes read per second by all threads together, in 10^9
   */
  public record Result(double gbps, int threads, long bytesPerThread, double seconds) {}

  /**
   * Reads with {@code threads} threads, {@code bytesPerThread} each, for about {@code duration}
   * after one warm-up pass (which faults the pages in and lets the JIT compile the loop).
   */
  public static Result measure(int threads, long bytesPerThread, Duration duration) {
    int longs = Math.toIntExact(Math.max(1, bytesPerThread / Long.BYTES));
    long[][] data = new long[threads][];
    for (int t = 0; t < threads; t++) {
      data[t] = filled(longs, t);
    }
    long deadlineNanos = duration.toNanos();
    long[] passes = new long[threads];
    long[] sinks = new long[threads];
    long startedAt =
        together(
            threads,
            "memory-bandwidth-",
            (id, start) -> {
              long sink = sum(data[id]);
              long end = start.getAsLong() + deadlineNanos;
              long n = 0;
              while (System.nanoTime() < end) {
                sink += sum(data[id]);
                n++;
              }
              passes[id] = n;
              sinks[id] = sink;
            });
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    long bytes = 0;
    for (long n : passes) {
      bytes += n * longs * (long) Long.BYTES;
    }
    keep(sinks);
    return new Result(bytes / seconds / 1e9, threads, (long) longs * Long.BYTES, seconds);
  }

  static long sum(long[] a) {
    return sum(a, 0, a.length);
  }

  /**
   * Four independent sums, so that the loop is bound by loads rather than by one add chain; the
   * token read uses the same loop, so the two figures differ only by how the reads are scheduled.
   */
  static long sum(long[] a, int from, int to) {
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < to; i++) {
      s0 += a[i];
    }
    return s0 + s1 + s2 + s3;
  }

  static long[] filled(int longs, long seed) {
    long[] a = new long[longs];
    for (int i = 0; i < longs; i++) {
      a[i] = i ^ seed;
    }
    return a;
  }

  /** The work of one measuring thread, which calls {@code start} once its warm-up is done. */
  interface Work {
    /**
     * @param start waits until every thread is ready and gives the common start, in nanoseconds
     */
    void run(int id, java.util.function.LongSupplier start);
  }

  /**
   * Runs {@code work} on {@code threads} daemon threads that start timing together, waits for all
   * of them and returns the common start, in nanoseconds.
   */
  static long together(int threads, String name, Work work) {
    AtomicLong started = new AtomicLong();
    CyclicBarrier ready = new CyclicBarrier(threads, () -> started.set(System.nanoTime()));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () ->
                  work.run(
                      id,
                      () -> {
                        await(ready);
                        return started.get();
                      }),
              name + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    joinAll(workers);
    return started.get();
  }

  static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("measurement interrupted", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("measurement thread failed", e);
    }
  }

  static void joinAll(List<Thread> workers) {
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("measurement interrupted", e);
      }
    }
  }

  private static volatile long blackhole;

  /** Publishes the sums so that the JIT cannot drop the reads. */
  static void keep(long[] sinks) {
    long x = 0;
    for (long s : sinks) {
      x ^= s;
    }
    blackhole = x;
  }
}
