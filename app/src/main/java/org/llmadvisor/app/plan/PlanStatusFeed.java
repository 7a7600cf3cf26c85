package org.llmadvisor.app.plan;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The latest {@link PlanStatus} and everyone watching it. A new watcher is handed the latest status
 * and registered under the same lock that publishing takes, so a status published while someone
 * starts watching reaches them either as the replayed status or as the next one, never neither: a
 * stream that reads the status first and subscribes afterwards can miss the final status and then
 * wait for ever.
 *
 * <p>Statuses are handed to watchers under that lock too, so every watcher sees them in the order
 * they were published, with none skipped after the replay. Watchers must therefore return quickly
 * (an SSE emitter only queues the item).
 */
@ApplicationScoped
public class PlanStatusFeed {

  static final PlanStatus IDLE = new PlanStatus("idle", List.of(), "no plan applied", null);

  private final Object lock = new Object();
  private final List<Consumer<PlanStatus>> watchers = new ArrayList<>();
  private PlanStatus latest = IDLE;

  public PlanStatus current() {
    synchronized (lock) {
      return latest;
    }
  }

  /** Makes {@code status} the latest and hands it to every watcher. */
  public void publish(PlanStatus status) {
    synchronized (lock) {
      latest = status;
      for (Consumer<PlanStatus> w : List.copyOf(watchers)) {
        try {
          w.accept(status);
        } catch (RuntimeException ignored) {
          // a watcher that went away must not stop the plan or the other watchers
        }
      }
    }
  }

  /**
   * Hands {@code watcher} the latest status at once, then every status published after it.
   *
   * @return what stops the watching; safe to run more than once
   */
  public Runnable watch(Consumer<PlanStatus> watcher) {
    synchronized (lock) {
      watcher.accept(latest);
      watchers.add(watcher);
    }
    return () -> {
      synchronized (lock) {
        watchers.remove(watcher);
      }
    };
  }

  /** How many watchers are registered; a stream that ended must not stay among them. */
  int watching() {
    synchronized (lock) {
      return watchers.size();
    }
  }

  /**
   * The latest status, then each change, completing after the first status that is not {@code
   * preparing} (so at once when no plan is being prepared).
   */
  public Multi<PlanStatus> untilSettled() {
    return Multi.createFrom()
        .emitter(
            em -> {
              Runnable stop =
                  watch(
                      s -> {
                        em.emit(s);
                        if (!s.state().equals("preparing")) {
                          em.complete();
                        }
                      });
              // runs at once when the replayed status already completed the stream
              em.onTermination(stop);
            });
  }
}
