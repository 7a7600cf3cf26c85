package org.llmadvisor.app.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import org.llmadvisor.providers.ProviderException;

/**
 * Passive health of a deployment's replicas, each known by its position in the set.
 *
 * <p>A replica is ejected after {@code ejectAfterFailures} consecutive failures that another
 * replica might not suffer, or at once when its connection is refused. It is re-admitted by a trial
 * call, not a probe: once the cool-down has passed, the next call may go to it (one trial at a
 * time); an answer admits it again, a failure ejects it for another cool-down. An answer, even a
 * refusal of the request, shows the replica alive.
 *
 * <p>Not thread-safe: the replica set calls it under its own lock, so that choosing a replica and
 * sending it its trial are one step.
 */
final class ReplicaHealth {

  private static final class State {
    int consecutiveFailures;
    long ejections;
    Instant ejectedUntil;
    boolean trialInFlight;
  }

  private final State[] states;
  private final int ejectAfterFailures;
  private final Duration cooldown;
  private final Clock clock;

  /**
   * @param ejectAfterFailures consecutive failures that eject a replica
   * @param cooldown how long an ejected replica gets no calls before a trial call
   */
  ReplicaHealth(int replicas, int ejectAfterFailures, Duration cooldown, Clock clock) {
    this.states = new State[replicas];
    for (int i = 0; i < replicas; i++) {
      states[i] = new State();
    }
    this.ejectAfterFailures = ejectAfterFailures;
    this.cooldown = cooldown;
    this.clock = clock;
  }

  /**
   * Whether a call may go to the replica: it is up, or its cool-down is over and no trial is out.
   */
  boolean admits(int replica) {
    State s = states[replica];
    return s.ejectedUntil == null || !clock.instant().isBefore(s.ejectedUntil) && !s.trialInFlight;
  }

  /**
   * When no replica admits a call: the ejected replica among those {@code eligible} whose cool-down
   * ends first, the first in order on a tie. Better a trial than no answer.
   */
  OptionalInt firstBack(IntPredicate eligible) {
    int best = -1;
    for (int i = 0; i < states.length; i++) {
      Instant until = states[i].ejectedUntil;
      if (eligible.test(i)
          && until != null
          && (best < 0 || until.isBefore(states[best].ejectedUntil))) {
        best = i;
      }
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }

  /** A call goes to the replica; to an ejected one, it is the trial. */
  void sent(int replica) {
    State s = states[replica];
    if (s.ejectedUntil != null) {
      s.trialInFlight = true;
    }
  }

  /**
   * A call to the replica ended in an answer, which admits it.
   *
   * @return whether it was ejected until now
   */
  boolean answered(int replica) {
    State s = states[replica];
    boolean wasEjected = s.ejectedUntil != null;
    s.consecutiveFailures = 0;
    s.ejectedUntil = null;
    s.trialInFlight = false;
    return wasEjected;
  }

  /**
   * A call to the replica failed in a way another replica might not.
   *
   * @return whether this ejected a replica that was up
   */
  boolean failed(int replica, ProviderException.Reason reason) {
    State s = states[replica];
    s.consecutiveFailures++;
    boolean refused = reason == ProviderException.Reason.CONNECTION;
    boolean ejects = false;
    if (s.trialInFlight
        || refused
        || s.consecutiveFailures >= ejectAfterFailures
        || s.ejectedUntil != null) {
      if (s.ejectedUntil == null) {
        s.ejections++;
        ejects = true;
      }
      s.ejectedUntil = clock.instant().plus(cooldown);
    }
    s.trialInFlight = false;
    return ejects;
  }

  boolean ejected(int replica) {
    return states[replica].ejectedUntil != null;
  }

  /** How many times the replica was ejected from up; a failed trial does not count again. */
  long ejections(int replica) {
    return states[replica].ejections;
  }
}
