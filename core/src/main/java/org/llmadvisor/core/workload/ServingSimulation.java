package org.llmadvisor.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seeded discrete-event simulation of continuous-batching servers under Poisson arrivals: one
 * server, or replicas behind a least-outstanding-requests balancer. Events are arrivals, the end of
 * a prompt's processing (its first token) and the end of a sequence's generation; between events
 * every active sequence advances at the step rate of its server's current batch size, so the run
 * costs O(events × (log replicas + slots) + arrivals × replicas), not O(tokens).
 *
 * <p>This class runs the clock; its parts each do one job: {@link Traffic} and {@link Arrivals} the
 * requests, {@link BatchingServer} a server's queue and slots, {@link LeastOutstandingBalancer} the
 * choice of server, {@link NextEvents} and {@link RequestEnds} which event comes next, and {@link
 * LatencyRecorder} each request's times and the figures made of them.
 */
public final class ServingSimulation {

  private ServingSimulation() {}

  public static LatencyResult simulate(
      ServerModel server,
      double arrivalsPerSecond,
      TokenDistribution input,
      TokenDistribution output,
      long seed,
      int requests) {
    return simulate(server, arrivalsPerSecond, Traffic.sample(input, output, seed, requests));
  }

  public static LatencyResult simulate(
      ServerModel server, double arrivalsPerSecond, Traffic traffic) {
    return simulate(server, 1, arrivalsPerSecond, traffic).latency();
  }

  /**
   * {@code replicas} identical servers behind a least-outstanding-requests balancer, serving
   * Poisson arrivals at {@code arrivalsPerSecond} for the whole fleet. Each arrival goes to the
   * server with the fewest requests in its queue and its slots, ties taken in turn, and waits in
   * that server's queue (Ollama queues what exceeds its parallel slots). With one replica this is
   * the single-server simulation.
   */
  public static FleetLatencyResult simulate(
      ServerModel server, int replicas, double arrivalsPerSecond, Traffic traffic) {
    return simulate(server, replicas, Arrivals.of(traffic, arrivalsPerSecond));
  }

  /** As {@link #simulate(ServerModel, int, double, Traffic)} at arrival times summed before. */
  public static FleetLatencyResult simulate(ServerModel server, int replicas, Arrivals arrivals) {
    return run(server, replicas, arrivals, false, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #simulate(ServerModel, int, double, Traffic)}, but gives up as soon as the p95 is
   * certain to exceed {@code limitMs}: when more requests past the warm-up have taken longer than
   * the p95's rank leaves room for. A search that only needs to know whether a fleet meets a target
   * is spared the rest of a run that already misses it; a run that does not give up is the full
   * result, the same as {@code simulate}'s.
   *
   * @param firstToken whether the limit is on the time to the first token, else end to end
   * @return empty when the p95 exceeds the limit
   */
  public static Optional<FleetLatencyResult> simulateWithin(
      ServerModel server,
      int replicas,
      double arrivalsPerSecond,
      Traffic traffic,
      boolean firstToken,
      double limitMs) {
    return simulateWithin(
        server, replicas, Arrivals.of(traffic, arrivalsPerSecond), firstToken, limitMs);
  }

  /** As {@link #simulateWithin} at arrival times summed before. */
  public static Optional<FleetLatencyResult> simulateWithin(
      ServerModel server, int replicas, Arrivals arrivals, boolean firstToken, double limitMs) {
    return Optional.ofNullable(run(server, replicas, arrivals, firstToken, limitMs));
  }

  /** The run behind both: null when it gave up. */
  private static FleetLatencyResult run(
      ServerModel server, int replicas, Arrivals arrivals, boolean firstToken, double limitMs) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    return server.slots() == 1
        ? runOneSlot(server, replicas, arrivals, firstToken, limitMs)
        : runEvents(server, replicas, arrivals, firstToken, limitMs);
  }

  /** The event by event run, for any number of slots. */
  static FleetLatencyResult runEvents(
      ServerModel server, int replicas, Arrivals arrivals, boolean firstToken, double limitMs) {
    Traffic traffic = arrivals.traffic();
    int requests = traffic.requests();
    LatencyRecorder times = new LatencyRecorder(requests, firstToken, limitMs);
    double[] arrival = arrivals.times();
    long[] prompts = traffic.prompts();
    long[] outputs = traffic.outputs();

    BatchingServer[] servers = new BatchingServer[replicas];
    for (int i = 0; i < replicas; i++) {
      servers[i] = new BatchingServer(server.slots());
    }
    NextEvents next = new NextEvents(replicas);
    LeastOutstandingBalancer balancer = new LeastOutstandingBalancer(replicas);
    double t = 0;
    double nextArrival = arrival[0];
    int arrived = 0;
    int done = 0;

    while (done < requests) {
      double tn = arrived < requests ? nextArrival : Double.POSITIVE_INFINITY;
      // a server's own event goes before an arrival at the same instant
      int who = next.earliest();
      if (next.at(who) <= tn) {
        tn = next.at(who);
      } else {
        who = -1;
      }
      t = tn;
      BatchingServer event;
      if (who >= 0) {
        event = servers[who];
        event.advance(server, tn);
        if (tn == event.tDecode) {
          double[] rem = event.remaining;
          int[] active = event.active;
          for (int i = event.generating - 1; i >= 0; i--) {
            if (rem[i] <= 1e-6) {
              int r = active[i];
              if (times.done(r, t - arrival[r])) {
                return null;
              }
              int last = --event.generating;
              rem[i] = rem[last];
              active[i] = active[last];
              balancer.remove(who);
              done++;
            }
          }
        } else {
          int r = event.prefilling;
          // llama.cpp samples the first token from the prompt's logits
          if (times.firstToken(r, t - arrival[r])) {
            return null;
          }
          double remaining = outputs[r] - 1;
          if (remaining <= 0) {
            if (times.done(r, t - arrival[r])) {
              return null;
            }
            balancer.remove(who);
            done++;
          } else {
            event.generate(r, remaining);
          }
          event.prefilling = -1;
          event.prefillEnd = Double.POSITIVE_INFINITY;
        }
      } else {
        int r = arrived++;
        who = balancer.choose();
        balancer.add(who);
        event = servers[who];
        event.advance(server, tn);
        if (arrived < requests) {
          nextArrival = arrival[arrived];
        }
        if (replicas == 1 && event.idle()) {
          // most requests of a lightly loaded server find it idle and leave before the next
          // arrives: they are served here in one step, with the event path's arithmetic
          double end =
              event.serveAlone(
                  server, r, t, prompts[r], outputs[r], arrived < requests ? nextArrival : -1);
          if (!Double.isNaN(end)) {
            if (times.firstToken(r, event.updatedPrefillEnd - arrival[r])) {
              return null;
            }
            if (times.done(r, end - arrival[r])) {
              return null;
            }
            done++;
            balancer.remove(who);
            t = end;
            continue;
          }
        }
        event.enqueue(r);
      }
      event.admit(server, t, prompts);
      event.nextDecode(server, t);
      next.set(who, event.nextEvent());
    }
    for (BatchingServer s : servers) {
      s.advance(server, t);
    }
    double[] busy = new double[replicas];
    double batchTime = 0;
    double decodeTime = 0;
    for (int i = 0; i < replicas; i++) {
      busy[i] = servers[i].busy;
      batchTime += servers[i].batchTime;
      decodeTime += servers[i].decodeTime;
    }
    return result(arrivals, times, t, busy, batchTime, decodeTime);
  }

  /**
   * One-slot servers, which serve their requests one at a time in arrival order: a request's prompt
   * starts when it arrives or when the request before it on its server is done, whichever is later
   * (Lindley's recursion), so its end is known the moment it is routed, and a run costs a few
   * operations a request rather than three events. The balancer still counts what each server holds
   * at every arrival: ended requests leave a heap of ends first (an end at the arrival's instant
   * counts as done, as a server's event goes before an arrival). The times are the event run's but
   * for the last bits, which it changes by re-deriving a generation's end at every arrival to its
   * server ({@code ServingSimulationTest} holds the two together).
   */
  static FleetLatencyResult runOneSlot(
      ServerModel server, int replicas, Arrivals arrivals, boolean firstToken, double limitMs) {
    Traffic traffic = arrivals.traffic();
    int requests = traffic.requests();
    LatencyRecorder times = new LatencyRecorder(requests, firstToken, limitMs);
    double[] arrival = arrivals.times();
    long[] prompts = traffic.prompts();
    long[] outputs = traffic.outputs();
    double prefill = server.prefillTokensPerSecond();
    double step = server.stepSeconds(1);
    double[] freeAt = new double[replicas];
    double[] busy = new double[replicas];
    double decodeTime = 0;
    double last = 0;
    LeastOutstandingBalancer balancer = new LeastOutstandingBalancer(replicas);
    RequestEnds ends = new RequestEnds();
    for (int r = 0; r < requests; r++) {
      double a = arrival[r];
      int s = 0;
      if (replicas > 1) {
        ends.releaseUpTo(a, balancer);
        s = balancer.choose();
        balancer.add(s);
      }
      double start = Math.max(a, freeAt[s]);
      double promptEnd = start + prompts[r] / prefill;
      double left = outputs[r] - 1;
      double end = left <= 0 ? promptEnd : promptEnd + left * step;
      busy[s] += end - start;
      if (left > 0) {
        decodeTime += end - promptEnd;
      }
      freeAt[s] = end;
      last = Math.max(last, end);
      if (replicas > 1) {
        ends.add(end, s);
      }
      if (times.firstToken(r, promptEnd - a) | times.done(r, end - a)) {
        return null;
      }
    }
    // one sequence generates at a time: every step's batch is one
    return result(arrivals, times, last, busy, decodeTime, decodeTime);
  }

  /** The run's figures from each request's times and each server's busy time. */
  private static FleetLatencyResult result(
      Arrivals arrivals,
      LatencyRecorder times,
      double t,
      double[] busyPerServer,
      double batchTime,
      double decodeTime) {
    int replicas = busyPerServer.length;
    List<Double> utilization = new ArrayList<>(replicas);
    double busy = 0;
    for (double b : busyPerServer) {
      utilization.add(t > 0 ? b / t : 0);
      busy += b;
    }
    LatencyResult latency =
        times.result(
            arrivals.times(),
            t > 0 ? busy / replicas / t : 0,
            decodeTime > 0 ? batchTime / decodeTime : 0);
    return new FleetLatencyResult(latency, utilization);
  }
}
