package org.llmadvisor.app.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.app.config.AdvisorConfig;

/**
 * Per deployment: after {@code failureThreshold} consecutive retriable failures the deployment is
 * skipped for a cool-down; after it one call probes it (half-open) while the others keep treating
 * it as open, and the probe's success closes the circuit, its failure opens it for another
 * cool-down. A probe that never reports (its caller went elsewhere, or the request itself was
 * refused) gives the next call the probe after a cool-down.
 */
@ApplicationScoped
public class CircuitBreakers {

  private record State(int failures, Instant openUntil) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final int threshold;
  private final Duration cooldown;
  private final Clock clock;

  @Inject
  public CircuitBreakers(AdvisorConfig config) {
    this(config.routing().failureThreshold(), config.routing().cooldown(), Clock.systemUTC());
  }

  CircuitBreakers(int threshold, Duration cooldown, Clock clock) {
    this.threshold = Math.max(1, threshold);
    this.cooldown = cooldown;
    this.clock = clock;
  }

  /** Whether calls should pass the deployment by: open, or half-open with a probe in flight. */
  public boolean isOpen(String id) {
    State s = states.get(id);
    return s != null && s.openUntil() != null && clock.instant().isBefore(s.openUntil());
  }

  /**
   * Whether this call may go to the deployment: always when the circuit is closed; when the
   * cool-down has passed, only for the first call to ask, which becomes the probe (the circuit
   * counts as open for a further cool-down or until the probe reports); never while it is open.
   */
  public boolean claim(String id) {
    Instant now = clock.instant();
    boolean[] claimed = {false};
    states.computeIfPresent(
        id,
        (k, s) -> {
          if (s.openUntil() == null) {
            claimed[0] = true;
            return s;
          }
          if (now.isBefore(s.openUntil())) {
            return s;
          }
          claimed[0] = true;
          return new State(s.failures(), now.plus(cooldown));
        });
    return claimed[0] || !states.containsKey(id);
  }

  public void success(String id) {
    states.remove(id);
  }

  public void failure(String id) {
    states.compute(
        id,
        (k, s) -> {
          int n = (s == null ? 0 : s.failures()) + 1;
          return new State(n, n >= threshold ? clock.instant().plus(cooldown) : null);
        });
  }

  /** Forgets every deployment's state; tests that measure routing start from nothing. */
  public void reset() {
    states.clear();
  }
}
