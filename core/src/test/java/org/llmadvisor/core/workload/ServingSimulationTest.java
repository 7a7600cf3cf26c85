package org.llmadvisor.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServingSimulationTest {

  /**
   * One slot, no prompt, geometric output lengths (the discrete exponential): an M/M/1 queue, whose
   * time in system is exponential with rate μ − λ: mean 1/(μ−λ), median ln 2/(μ−λ), p95 ln
   * 20/(μ−λ).
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void should_agree_with_the_mm1_closed_form_within_five_percent(double rho) {
    double step = 0.01;
    double meanTokens = 400; // output tokens after the first, geometric
    double mu = 1 / (meanTokens * step);
    double lambda = rho * mu;
    ServerModel server = new ServerModel(1e12, step, 0, 1);
    TokenDistribution prompt = TokenDistribution.fixed(0);
    TokenDistribution output = TokenDistribution.geometric(meanTokens + 1);
    LatencyResult r = ServingSimulation.simulate(server, lambda, prompt, output, 42, 2_000_000);

    double rate = mu - lambda;
    System.out.printf(
        "M/M/1 rho=%.1f: mean %.2f%%, p50 %.2f%%, p95 %.2f%% from the closed form%n",
        rho,
        100 * (r.meanEndToEndMs() / 1000 * rate - 1),
        100 * (r.p50EndToEndMs() / 1000 * rate / Math.log(2) - 1),
        100 * (r.p95EndToEndMs() / 1000 * rate / Math.log(20) - 1));
    assertThat(r.meanEndToEndMs() / 1000).isCloseTo(1 / rate, within(0.05 / rate));
    assertThat(r.p50EndToEndMs() / 1000)
        .isCloseTo(Math.log(2) / rate, within(0.05 * Math.log(2) / rate));
    assertThat(r.p95EndToEndMs() / 1000)
        .isCloseTo(Math.log(20) / rate, within(0.05 * Math.log(20) / rate));
    assertThat(r.utilization()).isCloseTo(rho, within(0.02));
    assertThat(r.stable()).isTrue();
  }

  @Test
  void should_slow_each_sequence_as_slots_fill() {
    ServerModel server = new ServerModel(2000, 0.02, 0.004, 8);
    LatencyResult light =
        ServingSimulation.simulate(
            server, 0.05, TokenDistribution.fixed(500), TokenDistribution.fixed(200), 1, 5000);
    LatencyResult heavy =
        ServingSimulation.simulate(
            server, 2.0, TokenDistribution.fixed(500), TokenDistribution.fixed(200), 1, 5000);
    assertThat(heavy.meanBatch()).isGreaterThan(light.meanBatch());
    assertThat(heavy.p95EndToEndMs()).isGreaterThan(light.p95EndToEndMs());
    // alone, a request takes 0.25 s of prompt + 199 steps of 20 ms
    assertThat(light.p50EndToEndMs()).isCloseTo(250 + 199 * 20, within(50.0));
  }

  /**
   * 500-token prompts at 1,000 tokens/s hold the server 0.5 s each, generating nothing else; the
   * other 199 of the 200 output tokens take steps of 0.02 + 3 × 0.002 = 0.026 s shared by 4 slots
   * at best, 1.29 s a request. So the server completes at most 1 / 1.79 s = 0.56 requests/s: 0.9/s
   * is well beyond it, 0.3/s well within.
   */
  @ParameterizedTest
  @CsvSource({"0.9, false", "0.3, true"})
  void should_observe_whether_the_server_keeps_up_when_arrivals_are_beyond_or_within_reach(
      double perSecond, boolean keepsUp) {
    ServerModel server = new ServerModel(1000, 0.02, 0.002, 4);
    LatencyResult r =
        ServingSimulation.simulate(
            server, perSecond, TokenDistribution.fixed(500), TokenDistribution.fixed(200), 3, 2000);
    assertThat(r.stable()).isEqualTo(keepsUp);
  }

  @Test
  void should_repeat_exactly_with_the_same_seed() {
    ServerModel server = new ServerModel(1000, 0.02, 0.002, 4);
    var a =
        ServingSimulation.simulate(
            server, 1, TokenDistribution.of(300, 900), TokenDistribution.of(150, 400), 7, 3000);
    var b =
        ServingSimulation.simulate(
            server, 1, TokenDistribution.of(300, 900), TokenDistribution.of(150, 400), 7, 3000);
    assertThat(a).isEqualTo(b);
  }

  /**
   * Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ.
   */
  private static double erlangC(int c, double a) {
    double term = 1;
    double sum = 1;
    for (int k = 1; k < c; k++) {
      term *= a / k;
      sum += term;
    }
    double last = term * a / c * c / (c - a);
    return last / (sum + last);
  }

  /**
   * Four one-slot servers behind the balancer with exponential service: close to an M/M/4 queue,
   * whose mean time in system is 1/μ + C(4, a)/(4μ − λ). Joining the server with the fewest
   * outstanding requests is never better than one shared queue (a request can wait behind a long
   * one while another server frees up: about 6% slower at 50% busy, 12% at 80%), and much better
   * than sending each request to a server at random (four M/M/1 queues at λ/4).
   */
  @ParameterizedTest
  // up to 64 servers the balancer keeps them in bit sets, beyond it scans them: both are checked
  @CsvSource({"4, 0.5", "4, 0.8", "64, 0.8", "80, 0.8"})
  void should_agree_with_the_mmc_closed_form_when_replicas_share_the_load(int c, double rho) {
    double step = 0.01;
    double meanTokens = 400;
    double mu = 1 / (meanTokens * step);
    double lambda = rho * c * mu;
    ServerModel server = new ServerModel(1e12, step, 0, 1);
    var traffic =
        Traffic.sample(
            TokenDistribution.fixed(0), TokenDistribution.geometric(meanTokens + 1), 42, 400_000);

    FleetLatencyResult r = ServingSimulation.simulate(server, c, lambda, traffic);

    double mmc = 1 / mu + erlangC(c, lambda / mu) / (c * mu - lambda);
    double random = 1 / (mu - lambda / c);
    double mean = r.latency().meanEndToEndMs() / 1000;
    System.out.printf(
        "%d servers at rho=%.1f: mean %.3f s, M/M/%d %.3f s (%+.1f%%), random split %.3f s%n",
        c, rho, mean, c, mmc, 100 * (mean / mmc - 1), random);
    assertThat(mean).isCloseTo(mmc, within(0.15 * mmc));
    assertThat(mean).isGreaterThan(0.98 * mmc).isLessThan(random);
    assertThat(r.replicas()).isEqualTo(c);
    assertThat(r.serverUtilization()).allSatisfy(u -> assertThat(u).isCloseTo(rho, within(0.03)));
    assertThat(r.latency().utilization()).isCloseTo(rho, within(0.02));
    assertThat(r.latency().stable()).isTrue();
  }

  /**
   * Prompts of 500 tokens on average at 2,000 tokens/s hold a server 0.25 s; the other 199 of 200
   * output tokens take steps of 0.02 + 3 × 0.004 = 0.032 s shared by 4 slots, 1.59 s. A server
   * completes at most 1 / 1.84 s = 0.54 requests/s: 1.35/s is 2.5 times that, 62% of four servers.
   */
  @Test
  void should_serve_what_one_server_cannot_when_replicas_are_added() {
    ServerModel server = new ServerModel(2000, 0.02, 0.004, 4);
    double perSecond = 1.35;
    var traffic =
        Traffic.sample(TokenDistribution.of(500, 1500), TokenDistribution.of(200, 500), 5, 4000);

    LatencyResult one = ServingSimulation.simulate(server, perSecond, traffic);
    FleetLatencyResult four = ServingSimulation.simulate(server, 4, perSecond, traffic);

    assertThat(one.stable()).isFalse();
    assertThat(four.latency().stable()).isTrue();
    assertThat(four.latency().p95EndToEndMs()).isLessThan(one.p95EndToEndMs() / 5);
    assertThat(four.serverUtilization()).hasSize(4).allSatisfy(u -> assertThat(u).isLessThan(1));
  }

  @Test
  void should_give_up_exactly_when_the_p95_misses_the_limit_and_otherwise_run_in_full() {
    ServerModel server = new ServerModel(2000, 0.02, 0.004, 4);
    double peak = 2.5 * server.capacity(500, 200);
    var traffic =
        Traffic.sample(TokenDistribution.of(500, 1500), TokenDistribution.of(200, 500), 5, 2000);
    for (int replicas = 2; replicas <= 5; replicas++) {
      FleetLatencyResult full = ServingSimulation.simulate(server, replicas, peak, traffic);
      for (boolean first : new boolean[] {false, true}) {
        double p95 =
            first ? full.latency().p95TimeToFirstTokenMs() : full.latency().p95EndToEndMs();
        for (double limit : new double[] {0.5 * p95, 0.999 * p95, p95, 2 * p95}) {
          var within =
              ServingSimulation.simulateWithin(server, replicas, peak, traffic, first, limit);

          if (limit >= p95) {
            assertThat(within).contains(full);
          } else {
            // the p95 is a value seen: once it is certain to exceed the limit, the run stops
            assertThat(within).as("limit %.1f ms, p95 %.1f ms", limit, p95).isEmpty();
          }
        }
      }
    }
  }

  @Test
  void should_be_the_single_server_simulation_when_there_is_one_replica() {
    ServerModel server = new ServerModel(1000, 0.02, 0.002, 4);
    var traffic =
        Traffic.sample(TokenDistribution.of(300, 900), TokenDistribution.of(150, 400), 7, 3000);

    FleetLatencyResult fleet = ServingSimulation.simulate(server, 1, 1, traffic);

    assertThat(fleet.latency()).isEqualTo(ServingSimulation.simulate(server, 1, traffic));
    assertThat(fleet.serverUtilization()).containsExactly(fleet.latency().utilization());
  }

  /**
   * One-slot servers are run by Lindley's recursion; the event by event run must give the same
   * figures, but for the last bits (it re-derives a generation's end at each arrival), on one
   * server and behind the balancer, lightly loaded and queueing, and must give up on the same runs.
   */
  @ParameterizedTest
  @CsvSource({"1, 0.2", "1, 0.9", "3, 0.5", "8, 0.95", "70, 0.9"})
  void should_run_one_slot_servers_as_the_event_run_does(int replicas, double rho) {
    ServerModel server = new ServerModel(2000, 0.02, 0.003, 1);
    var traffic =
        Traffic.sample(TokenDistribution.of(300, 900), TokenDistribution.of(150, 400), 11, 3000);
    double rate = rho * replicas * server.capacity(traffic.meanPrompt(), traffic.meanOutput());
    var arrivals = Arrivals.of(traffic, rate);

    FleetLatencyResult fast = ServingSimulation.runOneSlot(server, replicas, arrivals, false, 1e18);
    FleetLatencyResult events =
        ServingSimulation.runEvents(server, replicas, arrivals, false, 1e18);

    LatencyResult f = fast.latency();
    LatencyResult e = events.latency();
    double[] got = {
      f.p50TimeToFirstTokenMs(),
      f.p95TimeToFirstTokenMs(),
      f.p50EndToEndMs(),
      f.p95EndToEndMs(),
      f.meanEndToEndMs(),
      f.utilization(),
      f.meanBatch()
    };
    double[] want = {
      e.p50TimeToFirstTokenMs(),
      e.p95TimeToFirstTokenMs(),
      e.p50EndToEndMs(),
      e.p95EndToEndMs(),
      e.meanEndToEndMs(),
      e.utilization(),
      e.meanBatch()
    };
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("figure %d", i).isCloseTo(want[i], within(1e-9 * Math.abs(want[i])));
    }
    assertThat(f.stable()).isEqualTo(e.stable());
    for (int i = 0; i < replicas; i++) {
      assertThat(fast.serverUtilization().get(i))
          .isCloseTo(events.serverUtilization().get(i), within(1e-9));
    }
    // a target between the median and the p95 is missed by both, one above the p95 met by both
    for (boolean firstToken : new boolean[] {false, true}) {
      double p50 = firstToken ? e.p50TimeToFirstTokenMs() : e.p50EndToEndMs();
      double p95 = firstToken ? e.p95TimeToFirstTokenMs() : e.p95EndToEndMs();
      for (double limit : new double[] {(p50 + p95) / 2, p95 * 1.01}) {
        assertThat(ServingSimulation.runOneSlot(server, replicas, arrivals, firstToken, limit))
            .as("limit %.0f ms", limit)
            .matches(
                r ->
                    (r == null)
                        == (ServingSimulation.runEvents(
                                server, replicas, arrivals, firstToken, limit)
                            == null));
      }
    }
  }

  /**
   * The p95 of M/M/1 runs of {@code requests} at 50% busy, one per seed from 1 to {@code seeds}.
   */
  private static LatencyResult[] mm1Runs(int seeds, int requests) {
    double step = 0.01;
    double meanTokens = 400;
    double mu = 1 / (meanTokens * step);
    ServerModel server = new ServerModel(1e12, step, 0, 1);
    LatencyResult[] runs = new LatencyResult[seeds];
    for (int seed = 1; seed <= seeds; seed++) {
      runs[seed - 1] =
          ServingSimulation.simulate(
              server,
              0.5 * mu,
              TokenDistribution.fixed(0),
              TokenDistribution.geometric(meanTokens + 1),
              seed,
              requests);
    }
    return runs;
  }

  /**
   * M/M/1 at 50% busy, service 4 s on average: the time in system is exponential with rate μ − λ =
   * 0.125/s, so the true p95 is ln 20 / 0.125 = 23.97 s. A 95% interval should hold it in most
   * seeds, and be about as wide as the p95 really varies from seed to seed.
   */
  @Test
  void should_cover_the_true_mm1_p95_with_its_interval_when_runs_differ_only_in_seed() {
    double trueP95Ms = Math.log(20) / 0.125 * 1000;
    LatencyResult[] runs = mm1Runs(40, 20_000);

    int covered = 0;
    double meanP95 = 0;
    double meanHalfWidth = 0;
    for (LatencyResult r : runs) {
      if (Math.abs(r.p95EndToEndMs() - trueP95Ms) <= r.p95EndToEndHalfWidthMs()) {
        covered++;
      }
      meanP95 += r.p95EndToEndMs() / runs.length;
      meanHalfWidth += r.p95EndToEndHalfWidthMs() / runs.length;
    }
    double squares = 0;
    for (LatencyResult r : runs) {
      squares += Math.pow(r.p95EndToEndMs() - meanP95, 2);
    }
    double spread = 1.96 * Math.sqrt(squares / (runs.length - 1));
    System.out.printf(
        "M/M/1 p95 interval: %d of %d seeds cover %.0f ms; half-width %.0f ms, seeds spread %.0f ms%n",
        covered, runs.length, trueP95Ms, meanHalfWidth, spread);

    assertThat(covered).isGreaterThanOrEqualTo(32);
    assertThat(meanHalfWidth).isBetween(0.6 * spread, 1.6 * spread);
  }

  @Test
  void should_narrow_the_p95_interval_when_four_times_as_many_requests_are_simulated() {
    double shorter = 0;
    double longer = 0;
    for (LatencyResult r : mm1Runs(10, 20_000)) {
      shorter += r.p95EndToEndHalfWidthMs();
    }
    for (LatencyResult r : mm1Runs(10, 80_000)) {
      longer += r.p95EndToEndHalfWidthMs();
    }

    // a quarter of the variance: half the width, give or take the noise of ten seeds
    assertThat(longer / shorter).isBetween(0.35, 0.7);
  }

  @Test
  void should_give_no_p95_interval_when_too_few_requests_for_two_batches() {
    ServerModel server = new ServerModel(1000, 0.02, 0.002, 4);
    LatencyResult r =
        ServingSimulation.simulate(
            server, 1, TokenDistribution.fixed(300), TokenDistribution.fixed(150), 7, 40);

    // 36 measured requests: one batch of 20 at most
    assertThat(r.p95EndToEndHalfWidthMs()).isNaN();
    assertThat(r.p95EndToEndMs()).isPositive();
  }
}
