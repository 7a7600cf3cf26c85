package org.llmadvisor.app;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition instead of for a time: fast when it holds early, clear when it never does.
 */
public final class Await {

  private Await() {}

  /**
   * Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code
   * limit}.
   */
  public static void until(String what, Duration limit, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError("gave up after " + limit + " waiting for " + what, last);
  }
}
