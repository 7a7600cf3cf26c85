package org.llmadvisor.machine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A barrier whose waiters spin, as llama.cpp's CPU threads do between the operations of a layer
 * ({@code ggml_barrier}): waking a parked thread costs tens of microseconds, spinning costs a core.
 * After many spins a waiter yields, so that a machine with fewer free cores than threads (a busy
 * virtual machine) slows down instead of stalling.
 */
final class SpinBarrier {

  private static final int SPINS_BEFORE_YIELD = 10_000;

  /** A party that has not arrived after this long never will: the measurement is abandoned. */
  private static final long GIVE_UP_NANOS = 10_000_000_000L;

  private final int parties;
  private final AtomicInteger arrived = new AtomicInteger();
  private volatile int generation;
  private volatile boolean broken;

  SpinBarrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1, was " + parties);
    }
    this.parties = parties;
  }

  /** Releases every waiter with an error: a party died and will never arrive. */
  void breakBarrier() {
    broken = true;
  }

  void await() {
    int g = generation;
    if (arrived.incrementAndGet() == parties) {
      arrived.set(0);
      generation = g + 1;
      return;
    }
    int spins = 0;
    long since = System.nanoTime();
    while (generation == g) {
      if (broken) {
        throw new IllegalStateException("a measuring thread failed; the measurement is abandoned");
      }
      Thread.onSpinWait();
      if (++spins == SPINS_BEFORE_YIELD) {
        spins = 0;
        Thread.yield();
        if (System.nanoTime() - since > GIVE_UP_NANOS) {
          broken = true;
          throw new IllegalStateException("a measuring thread stopped arriving at the barrier");
        }
      }
    }
  }
}
