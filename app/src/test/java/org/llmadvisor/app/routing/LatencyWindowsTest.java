package org.llmadvisor.app.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.metering.CallRecord;

class LatencyWindowsTest {

  private static CallRecord call(String id, long latencyMs, Long firstTokenMs, boolean success) {
    return new CallRecord(
        id,
        "ollama",
        "m",
        Instant.EPOCH,
        firstTokenMs != null,
        10,
        10,
        false,
        firstTokenMs,
        latencyMs,
        BigDecimal.ZERO,
        true,
        success ? "success" : "error",
        success ? null : "TIMEOUT");
  }

  @Test
  void should_give_the_nearest_rank_p95_when_the_window_holds_twenty_calls() {
    LatencyWindows windows = new LatencyWindows(20, 5);
    // 1..20 ms out of order: ceil(0.95 x 20) = 19th, a latency that was seen, not 19.05
    long[] order = {7, 20, 3, 15, 1, 19, 12, 5, 18, 9, 2, 14, 11, 17, 4, 8, 16, 6, 13, 10};
    for (long ms : order) {
      windows.record(call("a", ms, ms * 10, true));
    }

    assertThat(windows.p95("a", false)).hasValue(19);
    assertThat(windows.p95("a", true)).hasValue(190);
  }

  @Test
  void should_keep_only_the_last_calls_when_more_than_the_window_arrive() {
    LatencyWindows windows = new LatencyWindows(10, 5);
    for (long ms = 1; ms <= 30; ms++) {
      windows.record(call("a", ms, null, true));
    }

    // the window holds 21..30: ceil(0.95 x 10) = 10th
    assertThat(windows.p95("a", false)).hasValue(30);
    assertThat(windows.p95("a", true)).isEmpty();
  }

  @Test
  void should_give_no_p95_when_fewer_successes_than_the_minimum_were_seen() {
    LatencyWindows windows = new LatencyWindows(100, 5);
    for (int i = 0; i < 4; i++) {
      windows.record(call("a", 100, null, true));
    }
    windows.record(call("a", 9_000, null, false));

    assertThat(windows.p95("a", false)).isEmpty();
    assertThat(windows.p95("b", false)).isEmpty();
  }
}
