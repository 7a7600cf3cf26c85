package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.ledger.LedgerException;

/**
 * The active plan as replicas sharing one database see it: another replica's plan is picked up once
 * the refresh period has passed on the injected clock, never on a sleep.
 */
class ActivePlanTest {

  private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
  private static final Plan MINE =
      new Plan(List.of("local"), 10_000, false, null, null, List.of(), Map.of(), T0);
  private static final Plan THEIRS =
      new Plan(
          List.of("gpu/llama2:7b", "cloud"),
          5_000,
          false,
          50.0,
          "ollama/llama2:7b@rtx-4090",
          List.of(new Plan.Derived("gpu/llama2:7b", "gpu", "llama2:7b")),
          Map.of(),
          T0.plusSeconds(5));

  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private final SharedRow database = new SharedRow();
  private final PlanStatusFeed feed = new PlanStatusFeed();
  private final HandClock clock = new HandClock(T0);
  private final List<Plan.Derived> registered = new ArrayList<>();
  private final ActivePlan active =
      new ActivePlan(database, json, registered::add, feed, clock, Duration.ofSeconds(1));

  @Test
  void should_pick_up_another_replicas_plan_only_once_the_refresh_period_has_passed()
      throws Exception {
    active.activate(MINE);
    assertThat(active.get()).contains(MINE);

    database.body = json.writeValueAsString(THEIRS);
    clock.advance(Duration.ofMillis(999));
    assertThat(active.get()).contains(MINE);

    clock.advance(Duration.ofMillis(1));
    assertThat(active.get()).contains(THEIRS);
    assertThat(registered).containsExactly(new Plan.Derived("gpu/llama2:7b", "gpu", "llama2:7b"));
    assertThat(feed.current().state()).isEqualTo("active");
    assertThat(feed.current().detail()).endsWith("(stored)");
  }

  @Test
  void should_keep_its_plan_when_the_database_does_not_answer() throws Exception {
    active.activate(MINE);
    database.down = true;
    clock.advance(Duration.ofSeconds(5));

    assertThat(active.get()).contains(MINE);
  }

  @Test
  void should_leave_the_progress_of_a_plan_being_prepared_here_when_another_is_stored()
      throws Exception {
    PlanStatus preparing = new PlanStatus("preparing", List.of(), "pulling llama2:7b", MINE);
    feed.publish(preparing);
    database.body = json.writeValueAsString(THEIRS);

    assertThat(active.get()).contains(THEIRS);
    assertThat(feed.current()).isSameAs(preparing);
  }

  @Test
  void should_restore_the_stored_plan_when_the_app_starts() throws Exception {
    database.body = json.writeValueAsString(THEIRS);

    active.onStart(null);

    assertThat(feed.current().detail())
        .isEqualTo("restored the plan applied at " + THEIRS.appliedAt());
    assertThat(feed.current().plan()).isEqualTo(THEIRS);
    assertThat(registered).hasSize(1);
  }

  /** The plan row of a database other replicas write too. */
  private static final class SharedRow extends PlanStore {
    volatile String body;
    volatile boolean down;

    SharedRow() {
      super(null);
    }

    @Override
    public void save(String plan, Instant at) {
      body = plan;
    }

    @Override
    public Optional<String> load() {
      if (down) {
        throw new LedgerException("cannot load the plan", null);
      }
      return Optional.ofNullable(body);
    }
  }

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
