package org.llmadvisor.app.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

  private static final Duration COOL_DOWN = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CircuitBreakers breakers = new CircuitBreakers(3, COOL_DOWN, clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breakers.failure("a");
    }
  }

  @Test
  void should_stay_closed_when_failures_stay_below_the_threshold() {
    fail(2);
    assertThat(breakers.isOpen("a")).isFalse();
  }

  @Test
  void should_open_when_failures_reach_the_threshold() {
    fail(3);
    assertThat(breakers.isOpen("a")).isTrue();
    assertThat(breakers.isOpen("b")).as("other deployments are not affected").isFalse();
  }

  @Test
  void should_count_only_consecutive_failures_when_a_success_comes_between() {
    fail(2);
    breakers.success("a");
    fail(2);
    assertThat(breakers.isOpen("a")).isFalse();
  }

  @Test
  void should_stay_open_until_the_cool_down_has_passed() {
    // given an open circuit
    fail(3);
    // when the cool-down has not quite passed
    clock.advance(COOL_DOWN.minusMillis(1));
    // then it is still open; and at the end of the cool-down a call is let through
    assertThat(breakers.isOpen("a")).isTrue();
    assertThat(breakers.claim("a")).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breakers.isOpen("a")).isFalse();
    assertThat(breakers.claim("a")).isTrue();
  }

  @Test
  void should_let_one_call_probe_after_the_cool_down_while_the_others_pass_it_by() {
    // given a circuit whose cool-down has passed
    fail(3);
    clock.advance(COOL_DOWN);
    // when one call claims the probe
    assertThat(breakers.claim("a")).isTrue();
    // then the next calls find it open until the probe reports
    assertThat(breakers.claim("a")).isFalse();
    assertThat(breakers.isOpen("a")).isTrue();
    breakers.success("a");
    assertThat(breakers.isOpen("a")).isFalse();
    assertThat(breakers.claim("a")).isTrue();
    assertThat(breakers.claim("a")).as("a closed circuit lets every call through").isTrue();
  }

  @Test
  void should_give_the_probe_to_another_call_when_the_first_probe_never_reports() {
    fail(3);
    clock.advance(COOL_DOWN);
    assertThat(breakers.claim("a")).isTrue();
    clock.advance(COOL_DOWN.minusMillis(1));
    assertThat(breakers.claim("a")).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breakers.claim("a")).isTrue();
  }

  @Test
  void should_let_every_call_through_a_deployment_that_never_failed() {
    assertThat(breakers.claim("a")).isTrue();
    assertThat(breakers.claim("a")).isTrue();
    fail(2);
    assertThat(breakers.claim("a")).as("below the threshold").isTrue();
  }

  @Test
  void should_open_again_for_a_full_cool_down_when_the_call_after_it_fails() {
    fail(3);
    clock.advance(COOL_DOWN);
    breakers.failure("a");
    assertThat(breakers.isOpen("a")).isTrue();
    clock.advance(COOL_DOWN.minusMillis(1));
    assertThat(breakers.isOpen("a")).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(breakers.isOpen("a")).isFalse();
  }

  @Test
  void should_close_when_the_call_after_the_cool_down_succeeds() {
    fail(3);
    clock.advance(COOL_DOWN);
    breakers.success("a");
    // a closed circuit needs the full threshold of failures to open again
    fail(2);
    assertThat(breakers.isOpen("a")).isFalse();
  }

  @Test
  void should_open_after_one_failure_when_the_threshold_is_set_below_one() {
    CircuitBreakers eager = new CircuitBreakers(0, COOL_DOWN, clock);
    eager.failure("a");
    assertThat(eager.isOpen("a")).isTrue();
  }
}
