package org.llmadvisor.app.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.ProviderException.Reason;

/** Ejection, cool-down and trial of three replicas: two failures eject, ten seconds cool down. */
class ReplicaHealthTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
  private final ReplicaHealth health = new ReplicaHealth(3, 2, Duration.ofSeconds(10), clock);

  @Test
  void should_eject_a_replica_when_it_fails_twice_in_a_row() {
    assertThat(health.failed(0, Reason.SERVER_ERROR)).isFalse();
    assertThat(health.admits(0)).isTrue();

    assertThat(health.failed(0, Reason.SERVER_ERROR)).as("newly ejected").isTrue();

    assertThat(health.admits(0)).isFalse();
    assertThat(health.ejected(0)).isTrue();
    assertThat(health.ejections(0)).isEqualTo(1);
    assertThat(health.admits(1)).as("the others are untouched").isTrue();
  }

  @Test
  void should_eject_a_replica_at_once_when_its_connection_is_refused() {
    assertThat(health.failed(0, Reason.CONNECTION)).isTrue();

    assertThat(health.admits(0)).isFalse();
  }

  @Test
  void should_start_counting_again_when_a_replica_answers_between_failures() {
    health.failed(0, Reason.TIMEOUT);
    health.answered(0);
    health.failed(0, Reason.TIMEOUT);

    assertThat(health.admits(0)).isTrue();
    assertThat(health.ejected(0)).isFalse();
  }

  @Test
  void should_admit_a_single_trial_when_the_cooldown_has_passed() {
    health.failed(0, Reason.CONNECTION);

    clock.advance(Duration.ofSeconds(9));
    assertThat(health.admits(0)).as("cooling down").isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(health.admits(0)).as("cool-down over").isTrue();
    health.sent(0);
    assertThat(health.admits(0)).as("its trial is out").isFalse();
    assertThat(health.ejected(0)).isTrue();
  }

  @Test
  void should_readmit_a_replica_when_its_trial_answers() {
    health.failed(0, Reason.CONNECTION);
    clock.advance(Duration.ofSeconds(10));
    health.sent(0);

    assertThat(health.answered(0)).as("re-admitted").isTrue();

    assertThat(health.ejected(0)).isFalse();
    assertThat(health.admits(0)).isTrue();
    assertThat(health.answered(0)).as("already up").isFalse();
    assertThat(health.ejections(0)).isEqualTo(1);
  }

  @Test
  void should_eject_a_replica_for_another_cooldown_when_its_trial_fails() {
    health.failed(0, Reason.CONNECTION);
    clock.advance(Duration.ofSeconds(10));
    health.sent(0);

    // one failure is enough for a trial, and it is the same ejection, not a new one
    assertThat(health.failed(0, Reason.SERVER_ERROR)).isFalse();

    assertThat(health.admits(0)).isFalse();
    clock.advance(Duration.ofSeconds(9));
    assertThat(health.admits(0)).as("the new cool-down runs from the trial").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(health.admits(0)).isTrue();
    assertThat(health.ejections(0)).isEqualTo(1);
  }

  @Test
  void should_offer_the_replica_whose_cooldown_ends_first_when_every_replica_is_ejected() {
    health.failed(1, Reason.CONNECTION);
    clock.advance(Duration.ofSeconds(3));
    health.failed(0, Reason.CONNECTION);
    health.failed(2, Reason.CONNECTION);

    assertThat(health.firstBack(i -> true)).hasValue(1);
    assertThat(health.firstBack(i -> i != 1)).as("a tie goes to the first").hasValue(0);
    assertThat(health.firstBack(i -> false)).isEmpty();
  }

  @Test
  void should_offer_no_replica_that_is_up_as_a_last_resort() {
    health.failed(1, Reason.CONNECTION);

    assertThat(health.firstBack(i -> i != 1)).isEmpty();
  }
}
