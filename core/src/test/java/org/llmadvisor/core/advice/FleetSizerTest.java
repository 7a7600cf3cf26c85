package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.advice.FleetSizer.Outcome;
import org.llmadvisor.core.advice.FleetSizer.Server;
import org.llmadvisor.core.advice.FleetSizer.Sized;
import org.llmadvisor.core.advice.FleetSizer.Target;
import org.llmadvisor.core.advice.FleetSizer.Unreachable;
import org.llmadvisor.core.advice.FleetSizer.Why;
import org.llmadvisor.core.workload.FleetLatencyResult;
import org.llmadvisor.core.workload.LatencyResult;

/**
 * The fleet sizer against a fake whose p95 falls as servers are added, where the fewest servers
 * that meet a target can be worked out by hand: with {@code p95(n) = 1,000 + 63,000 / n} ms, a
 * target of exactly {@code p95(k)} is met by k servers and not by k - 1.
 */
class FleetSizerTest {

  private static final double CAPACITY = 1.0;
  private static final int MAX = 64;

  private static double falling(int n) {
    return 1_000 + 63_000.0 / n;
  }

  /** Servers under the peak whose end-to-end and first-token p95 are given functions of n. */
  private static final class Fake implements FleetSizer.Runs {
    private final IntToDoubleFunction endToEnd;
    private final IntToDoubleFunction firstToken;
    private final Target target;
    final List<Integer> ran = new ArrayList<>();

    Fake(IntToDoubleFunction endToEnd, IntToDoubleFunction firstToken, Target target) {
      this.endToEnd = endToEnd;
      this.firstToken = firstToken;
      this.target = target;
    }

    @Override
    public FleetLatencyResult run(int replicas) {
      ran.add(replicas);
      double e2e = endToEnd.applyAsDouble(replicas);
      double ttft = firstToken.applyAsDouble(replicas);
      return new FleetLatencyResult(
          new LatencyResult(ttft / 2, ttft, e2e / 2, e2e, Double.NaN, e2e / 2, 0.5, 1, true, 2_000),
          Collections.nCopies(replicas, 0.5));
    }

    @Override
    public Optional<FleetLatencyResult> runIfMeets(int replicas) {
      return Optional.of(run(replicas)).filter(target::meets);
    }
  }

  private static Target endToEnd(double ms) {
    return new Target(LatencyTarget.END_TO_END, ms);
  }

  private static Target firstToken(double ms) {
    return new Target(LatencyTarget.FIRST_TOKEN, ms);
  }

  private static Server server(double monthlyUsd) {
    return new Server(CAPACITY, 500, monthlyUsd);
  }

  private static Outcome size(Fake runs, Target target, double peakInCapacities) {
    return new FleetSizer(MAX)
        .size(runs, target, server(100), peakInCapacities * CAPACITY, Optional.empty());
  }

  private static int servers(Outcome o) {
    if (o instanceof Sized sized) {
      return sized.replicas();
    }
    throw new AssertionError("expected servers that meet the target, was " + o);
  }

  @Test
  void should_return_the_fewest_servers_that_meet_the_target_when_the_p95_falls_with_servers() {
    // a peak of 0.5 servers' capacity: the search starts at 2; at 4.5 it starts at 6 (80% busy)
    // and the fewest that keep up are 5; at 20 it starts at 25 and the fewest are 21
    for (double peak : new double[] {0.5, 4.5, 20}) {
      int least = Math.max(2, (int) Math.floor(peak) + 1);
      List<Integer> fewest = new ArrayList<>(List.of(least, least + 1, 24, 25, 26, 33, 40, 63));
      if (peak < 1) {
        fewest.add(1);
      }
      for (int k : fewest) {
        if (k < least && k != 1) {
          continue;
        }
        Target target = endToEnd(falling(k));
        Fake runs = new Fake(FleetSizerTest::falling, n -> 100, target);
        assertThat(servers(size(runs, target, peak)))
            .as("peak %s, fewest %d", peak, k)
            .isEqualTo(k);
      }
    }
  }

  @Test
  void should_return_the_search_bound_when_only_the_most_servers_searched_meet_the_target() {
    for (double peak : new double[] {0.5, 4.5, 20}) {
      Target target = endToEnd(falling(MAX));
      Fake runs = new Fake(FleetSizerTest::falling, n -> 100, target);
      assertThat(servers(size(runs, target, peak))).as("peak %s", peak).isEqualTo(MAX);
    }
  }

  @Test
  void should_find_no_fleet_when_the_target_needs_more_servers_than_the_bound() {
    Target target = endToEnd(falling(MAX + 1));
    Fake runs = new Fake(FleetSizerTest::falling, n -> 100, target);

    assertThat(size(runs, target, 0.5)).isEqualTo(new Unreachable(Why.BEYOND_BOUND));
    assertThat(runs.ran).allMatch(n -> n <= MAX);
  }

  @Test
  void should_run_nothing_when_keeping_up_with_the_peak_takes_more_servers_than_the_bound() {
    // at 52 capacities the search would start at ceil(52 / 0.8) = 65 servers
    Target target = endToEnd(5_000);
    Fake runs = new Fake(FleetSizerTest::falling, n -> 100, target);

    assertThat(size(runs, target, 52)).isEqualTo(new Unreachable(Why.BEYOND_BOUND));
    assertThat(runs.ran).isEmpty();
  }

  @Test
  void should_judge_fleets_by_the_first_token_p95_when_the_target_is_time_to_first_token() {
    // end to end stays at 20 s whatever the fleet (long answers); the first token comes sooner
    // as the queue shortens: a 2,200 ms first-token target takes 63,000 / 2,100 = 30 servers
    IntToDoubleFunction firstTokenFalls = n -> 100 + 63_000.0 / n;
    Target target = firstToken(2_200);
    Fake runs = new Fake(n -> 20_000, firstTokenFalls, target);

    assertThat(servers(size(runs, target, 0.5))).isEqualTo(30);
  }

  @Test
  void should_stop_when_more_servers_no_longer_bring_the_first_token_down() {
    // the first token takes 900 ms however many servers share the peak: a 500 ms target is out
    // of reach, though the end-to-end p95 keeps falling
    Target target = firstToken(500);
    Fake runs = new Fake(FleetSizerTest::falling, n -> 900, target);

    assertThat(size(runs, target, 0.5)).isEqualTo(new Unreachable(Why.NO_LONGER_HELPS));
    assertThat(runs.ran).hasSizeLessThan(5).allMatch(n -> n <= 3);
  }

  @Test
  void should_stop_when_more_servers_no_longer_bring_the_end_to_end_p95_down() {
    Target target = endToEnd(5_000);
    Fake runs = new Fake(n -> 20_000, n -> 100 + 63_000.0 / n, target);

    assertThat(size(runs, target, 0.5)).isEqualTo(new Unreachable(Why.NO_LONGER_HELPS));
    assertThat(runs.ran).allMatch(n -> n <= 3);
  }

  @Test
  void should_search_no_fleet_when_the_fewest_that_keep_up_cost_more_than_the_budget() {
    // at 4.5 capacities the fewest that keep up are 5 servers at $100 a month: $500
    Target target = endToEnd(falling(10));
    Fake runs = new Fake(FleetSizerTest::falling, n -> 100, target);
    FleetSizer sizer = new FleetSizer(MAX);

    assertThat(sizer.size(runs, target, server(100), 4.5, Optional.of(499.0)))
        .isEqualTo(new FleetSizer.OverBudget(5, CAPACITY, 500, 499));
    assertThat(runs.ran).isEmpty();
    assertThat(servers(sizer.size(runs, target, server(100), 4.5, Optional.of(500.0))))
        .isEqualTo(10);
    assertThat(servers(sizer.size(runs, target, server(100), 4.5, Optional.empty()))).isEqualTo(10);
  }

  @Test
  void should_run_nothing_when_a_request_alone_on_an_idle_server_misses_the_target() {
    Target target = endToEnd(400);
    Fake runs = new Fake(n -> 300, n -> 100, target);

    assertThat(new FleetSizer(MAX).size(runs, target, server(100), 4.5, Optional.empty()))
        .isEqualTo(new Unreachable(Why.ALONE_TOO_SLOW));
    assertThat(runs.ran).isEmpty();
  }
}
