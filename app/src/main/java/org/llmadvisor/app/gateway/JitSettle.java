package org.llmadvisor.app.gateway;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Waits for the JIT compilers to go quiet: the JVM's total compilation time, read every {@link
 * #STEP_MS} ms, grows by under {@link #QUIET_MS} ms in a step. Why: at start the compilers hold a
 * backlog of what start-up and the warm-up made hot, and on a machine of few cores the first client
 * calls otherwise share the CPU with it.
 */
final class JitSettle {

  static final long STEP_MS = 100;
  static final long QUIET_MS = 5;

  private JitSettle() {}

  /**
   * @return true when the compilers went quiet before {@code limit}; false at the limit, or when
   *     this JVM does not report compilation time (then at once)
   */
  static boolean await(Duration limit) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported() || limit.isZero()) {
      return false;
    }
    long end = System.nanoTime() + limit.toNanos();
    long before = jit.getTotalCompilationTime();
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(STEP_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      long now = jit.getTotalCompilationTime();
      if (now - before < QUIET_MS) {
        return true;
      }
      before = now;
    }
    return false;
  }
}
