package org.llmadvisor.core.advice;

import java.util.Optional;
import org.llmadvisor.core.workload.FleetLatencyResult;
import org.llmadvisor.core.workload.LatencyResult;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.Workload;

/**
 * The fewest servers behind the balancer that meet the p95 latency target at the peak. A run of
 * servers under the peak is the expensive part of an advice, so the search runs few: it starts
 * where the servers would be at most 80% busy on average and bisects down to the fewest that still
 * meet the target, or goes up in doubling steps, stopping when another server no longer brings the
 * tail down. It relies on the p95 falling, or staying, as servers are added.
 */
final class FleetSizer {

  /** Runs of servers under the peak, the thing the search evaluates. */
  interface Runs {

    /** {@code replicas} servers under the peak, run to the end. */
    FleetLatencyResult run(int replicas);

    /**
     * {@code replicas} servers under the peak when they meet the target, else empty: a run that
     * misses may stop as soon as that is certain, so a miss costs less than a full run.
     */
    Optional<FleetLatencyResult> runIfMeets(int replicas);
  }

  /** Which p95 a fleet must keep within how many milliseconds. */
  record Target(LatencyTarget kind, double ms) {

    static Target of(AdviceRequest r) {
      return new Target(r.latencyTarget(), r.latencyTargetMs());
    }

    boolean firstToken() {
      return kind == LatencyTarget.FIRST_TOKEN;
    }

    /** The p95 of a run that this target bounds. */
    double p95(LatencyResult l) {
      return firstToken() ? l.p95TimeToFirstTokenMs() : l.p95EndToEndMs();
    }

    /**
     * What {@link ConstraintChecks#latency} says of a run that can be served, without the words.
     */
    boolean meets(FleetLatencyResult f) {
      return p95(f.latency()) <= ms;
    }
  }

  /**
   * One server as the search sees it.
   *
   * @param capacityPerSecond requests per second it completes with every slot busy
   * @param aloneMs the target's latency of a p95 request alone on an idle server: no fleet does
   *     better
   * @param monthlyUsd what its hardware costs a month, a lower bound of its cost
   */
  record Server(double capacityPerSecond, double aloneMs, double monthlyUsd) {

    static Server of(ServerModel m, Workload w, Target target, double monthlyUsd) {
      double outputTokens = target.firstToken() ? 1 : Math.max(1, w.output().p95());
      double aloneMs =
          1000 * (w.input().p95() / m.prefillTokensPerSecond() + outputTokens * m.stepSeconds(1));
      return new Server(m.capacity(w.input().mean(), w.output().mean()), aloneMs, monthlyUsd);
    }
  }

  /** What the search found. */
  sealed interface Outcome {}

  /** The fewest servers that meet the target, as they ran. */
  record Sized(FleetLatencyResult run) implements Outcome {
    int replicas() {
      return run.replicas();
    }
  }

  /**
   * Not searched: the fewest servers that keep up with the peak already cost more than the budget.
   *
   * @param servers the fewest servers that keep up
   * @param monthlyUsd what their hardware costs a month
   */
  record OverBudget(int servers, double capacityPerSecond, double monthlyUsd, double budgetUsd)
      implements Outcome {}

  /** No number of servers within the bound was found to meet the target. */
  record Unreachable(Why why) implements Outcome {}

  enum Why {
    /** a request alone on an idle server already misses the target */
    ALONE_TOO_SLOW,
    /** meeting the target would take more servers than the search bound */
    BEYOND_BOUND,
    /** another server no longer brought the tail down: the rest is not queueing */
    NO_LONGER_HELPS
  }

  /** A step up that brings the p95 down by less than 2% means the fleet no longer queues. */
  private static final double STILL_HELPS = 0.98;

  /** Where the search starts: servers at most this busy on average. */
  private static final double START_UTILIZATION = 0.8;

  private final int maxReplicas;

  /**
   * @param maxReplicas the most servers a fleet is searched up to
   */
  FleetSizer(int maxReplicas) {
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be >= 1, was " + maxReplicas);
    }
    this.maxReplicas = maxReplicas;
  }

  /**
   * The fewest servers, one included, that meet {@code target} at {@code peakPerSecond}; or why
   * none were found.
   */
  Outcome size(
      Runs runs,
      Target target,
      Server server,
      double peakPerSecond,
      Optional<Double> monthlyBudgetUsd) {
    double capacity = server.capacityPerSecond();
    if (peakPerSecond < capacity) {
      Optional<FleetLatencyResult> one = runs.runIfMeets(1);
      if (one.isPresent()) {
        return new Sized(one.get());
      }
    }
    if (server.aloneMs() > target.ms()) {
      return new Unreachable(Why.ALONE_TOO_SLOW);
    }
    int least = Math.max(2, (int) Math.floor(peakPerSecond / capacity) + 1);
    if (monthlyBudgetUsd.isPresent() && least * server.monthlyUsd() > monthlyBudgetUsd.get()) {
      return new OverBudget(least, capacity, least * server.monthlyUsd(), monthlyBudgetUsd.get());
    }
    int start = Math.max(least, (int) Math.ceil(peakPerSecond / (START_UTILIZATION * capacity)));
    if (start > maxReplicas) {
      return new Unreachable(Why.BEYOND_BOUND);
    }
    // the fewest that keep up often meet the target already (short requests, a loose target): one
    // run then answers, where a search would have run several
    Optional<FleetLatencyResult> fewest = runs.runIfMeets(least);
    if (fewest.isPresent()) {
      return new Sized(fewest.get());
    }
    FleetLatencyResult at = runs.run(start);
    int lo;
    int hi;
    FleetLatencyResult ok;
    if (target.meets(at)) {
      lo = least + 1;
      hi = start;
      ok = at;
    } else {
      int failed = start;
      FleetLatencyResult fail = at;
      int step = 1;
      while (true) {
        if (failed >= maxReplicas) {
          return new Unreachable(Why.BEYOND_BOUND);
        }
        // the last step lands on the bound rather than past it, so the bound itself is tried
        int n = Math.min(failed + step, maxReplicas);
        FleetLatencyResult more = runs.run(n);
        if (target.meets(more)) {
          lo = failed + 1;
          hi = n;
          ok = more;
          break;
        }
        // judged by the figure the target bounds: with a first-token target the end-to-end p95
        // can stay flat (long answers) while the queue, and so the first token, still shrinks
        if (target.p95(more.latency()) > STILL_HELPS * target.p95(fail.latency())) {
          return new Unreachable(Why.NO_LONGER_HELPS);
        }
        failed = n;
        fail = more;
        step *= 2;
      }
    }
    // the fewest in [lo, hi] that meet the target; hi does. A step that misses is not used
    // further, so its run stops as soon as it is certain to miss
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Optional<FleetLatencyResult> m = runs.runIfMeets(mid);
      if (m.isPresent()) {
        hi = mid;
        ok = m.get();
      } else {
        lo = mid + 1;
      }
    }
    return new Sized(ok);
  }
}
