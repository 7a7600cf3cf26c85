package org.llmadvisor.app.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.subscription.Cancellable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The status feed behind {@code GET /api/plan/status} as server-sent events: whoever subscribes
 * gets the latest status and every later one, and the stream ends with the final status.
 */
class PlanStatusFeedTest {

  private static final PlanStatus PREPARING =
      new PlanStatus("preparing", List.of(), "preparing 1 deployment(s)", null);
  private static final PlanStatus PULLING =
      new PlanStatus("preparing", List.of(), "pulling llama2:7b", null);
  private static final PlanStatus ACTIVE =
      new PlanStatus("active", List.of(), "model \"auto\" now routes to [local]", null);
  private static final PlanStatus FAILED =
      new PlanStatus("failed", List.of(), "could not apply the plan: pull refused", null);

  private final PlanStatusFeed feed = new PlanStatusFeed();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AtomicBoolean completed = new AtomicBoolean();

  @Test
  void should_end_with_the_final_status_when_it_is_published_while_the_stream_subscribes()
      throws InterruptedException {
    feed.publish(PREPARING);
    Thread publisher = new Thread(() -> feed.publish(ACTIVE), "plan-publisher");

    feed.untilSettled()
        .subscribe()
        .with(
            s -> {
              seen.add(s.state());
              if (seen.size() == 1) {
                // The worst moment: the stream holds the current status and is about to watch for
                // the next. The final status is published now, from another thread, and this
                // subscriber goes on only once that publish has either finished or is held back
                // by the feed's lock, so the outcome does not depend on scheduling.
                publisher.start();
                awaitFinishedOrBlocked(publisher);
              }
            },
            () -> completed.set(true));
    publisher.join();

    assertThat(seen).containsExactly("preparing", "active");
    assertThat(completed).isTrue();
    assertThat(feed.watching()).isZero();
  }

  @Test
  void should_replay_the_final_status_and_complete_when_the_plan_settled_before_subscribing() {
    feed.publish(PREPARING);
    feed.publish(FAILED);

    feed.untilSettled().subscribe().with(s -> seen.add(s.detail()), () -> completed.set(true));

    assertThat(seen).containsExactly("could not apply the plan: pull refused");
    assertThat(completed).isTrue();
    assertThat(feed.watching()).isZero();
  }

  @Test
  void should_replay_idle_and_complete_when_no_plan_was_ever_applied() {
    feed.untilSettled().subscribe().with(s -> seen.add(s.state()), () -> completed.set(true));

    assertThat(seen).containsExactly("idle");
    assertThat(completed).isTrue();
  }

  @Test
  void should_hand_every_later_status_in_order_when_subscribed_while_preparing() {
    feed.publish(PREPARING);
    feed.untilSettled().subscribe().with(s -> seen.add(s.detail()), () -> completed.set(true));
    assertThat(completed).isFalse();

    feed.publish(PULLING);
    feed.publish(ACTIVE);
    feed.publish(FAILED);

    assertThat(seen)
        .containsExactly(
            "preparing 1 deployment(s)",
            "pulling llama2:7b",
            "model \"auto\" now routes to [local]");
    assertThat(completed).isTrue();
  }

  @Test
  void should_stop_watching_when_the_client_goes_away_while_preparing() {
    feed.publish(PREPARING);
    Cancellable client = feed.untilSettled().subscribe().with(s -> seen.add(s.state()));
    assertThat(feed.watching()).isEqualTo(1);

    client.cancel();
    feed.publish(PULLING);

    assertThat(feed.watching()).isZero();
    assertThat(seen).containsExactly("preparing");
  }

  @Test
  void should_reach_the_other_watchers_when_one_throws() {
    feed.publish(PREPARING);
    feed.watch(
        s -> {
          if (s == ACTIVE) {
            throw new IllegalStateException("connection closed");
          }
        });
    feed.watch(s -> seen.add(s.state()));

    feed.publish(ACTIVE);

    assertThat(seen).containsExactly("preparing", "active");
    assertThat(feed.current()).isEqualTo(ACTIVE);
  }

  /** Spins (no sleep) until {@code t} has ended or waits to enter a lock another thread holds. */
  private static void awaitFinishedOrBlocked(Thread t) {
    while (t.getState() != Thread.State.TERMINATED && t.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
  }
}
