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
 * skipped for a cool-down; after it one call is let through, and a success closes the circuit.
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

  public boolean allows(String id) {
    State s = states.get(id);
    return s == null || s.openUntil() == null || !clock.instant().isBefore(s.openUntil());
  }

  public boolean isOpen(String id) {
    return !allows(id);
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
