package org.llmadvisor.core.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded discrete-event simulation of continuous-batching servers under Poisson arrivals: one
 * server, or replicas behind a least-outstanding-requests balancer. Events are arrivals, the end of
 * a prompt's processing (its first token) and the end of a sequence's generation; between events
 * every active sequence advances at the step rate of its server's current batch size, so the run
 * costs O(events × (replicas + slots)), not O(tokens).
 */
public final class ServingSimulation {

  private ServingSimulation() {}

  private static final class Request {
    final double arrival;
    final long prompt;
    final long output;
    double remaining;
    int index;

    Request(double arrival, long prompt, long output) {
      this.arrival = arrival;
      this.prompt = prompt;
      this.output = output;
    }
  }

  /**
   * Pre-sampled traffic: unit-rate inter-arrival gaps and token counts. Sharing one sample across
   * candidates (common random numbers) makes their comparison fairer and saves the sampling cost.
   */
  public record Traffic(
      double[] unitGaps, long[] prompts, long[] outputs, double meanPrompt, double meanOutput) {

    public static Traffic sample(
        TokenDistribution input, TokenDistribution output, long seed, int requests) {
      if (requests < 10) {
        throw new IllegalArgumentException("requests must be >= 10, was " + requests);
      }
      Random rnd = new Random(seed);
      double[] gaps = new double[requests];
      long[] in = new long[requests];
      long[] out = new long[requests];
      for (int i = 0; i < requests; i++) {
        gaps[i] = -Math.log(1 - rnd.nextDouble());
        in[i] = input.sample(rnd);
        out[i] = Math.max(1, output.sample(rnd));
      }
      return new Traffic(gaps, in, out, input.mean(), output.mean());
    }

    public int requests() {
      return unitGaps.length;
    }
  }

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

  /** One server's queue, prompt in progress and generating batch. */
  private static final class Server {
    final ArrayDeque<Request> waiting = new ArrayDeque<>();
    final ArrayDeque<Request> toPrefill = new ArrayDeque<>();
    final List<Request> active;
    Request prefilling;
    double prefillEnd = Double.POSITIVE_INFINITY;
    double tDecode;
    double minRemaining;
    double busy;
    double batchTime;
    double decodeTime;

    /** The time the state above is current to: a server is brought up to date when touched. */
    double updated;

    Server(int slots) {
      active = new ArrayList<>(slots);
    }

    /** Requests sent to this server and not yet answered: what the balancer compares. */
    int outstanding() {
      return waiting.size() + toPrefill.size() + (prefilling == null ? 0 : 1) + active.size();
    }

    /** When the batch's next sequence finishes, if the server is generating. */
    void nextDecode(ServerModel m, double t) {
      tDecode = Double.POSITIVE_INFINITY;
      minRemaining = Double.POSITIVE_INFINITY;
      int k = active.size();
      if (prefilling == null && k > 0) {
        for (Request r : active) {
          minRemaining = Math.min(minRemaining, r.remaining);
        }
        tDecode = t + minRemaining * m.stepSeconds(k);
      }
    }

    double nextEvent() {
      return Math.min(prefillEnd, tDecode);
    }

    void advance(ServerModel m, double tn) {
      int k = active.size();
      double dt = Math.max(0, tn - updated);
      updated = tn;
      if (prefilling != null || k > 0) {
        busy += dt;
      }
      if (prefilling == null && k > 0) {
        // advance by whole-event progress, not by dt, so rounding of large clock values never
        // leaves a sequence a hair short of done
        double progress = tn == tDecode ? minRemaining : dt / m.stepSeconds(k);
        for (Request r : active) {
          r.remaining -= progress;
        }
        batchTime += dt * k;
        decodeTime += dt;
      }
    }

    void admit(ServerModel m, double t) {
      while (!waiting.isEmpty()
          && active.size() + toPrefill.size() + (prefilling == null ? 0 : 1) < m.slots()) {
        toPrefill.add(waiting.poll());
      }
      if (prefilling == null && !toPrefill.isEmpty()) {
        prefilling = toPrefill.poll();
        prefillEnd = t + prefilling.prompt / m.prefillTokensPerSecond();
      }
    }
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
    if (!(arrivalsPerSecond > 0)) {
      throw new IllegalArgumentException("arrivalsPerSecond must be > 0, was " + arrivalsPerSecond);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    int requests = traffic.requests();
    int warmup = requests / 10;
    double[] ttft = new double[requests];
    double[] e2e = new double[requests];
    Arrays.fill(ttft, Double.NaN);
    Arrays.fill(e2e, Double.NaN);

    Server[] servers = new Server[replicas];
    for (int i = 0; i < replicas; i++) {
      servers[i] = new Server(server.slots());
    }
    // each server's next own event; only the server an event touches is brought up to date, so
    // an event costs O(replicas) comparisons of numbers, not O(replicas) state updates
    double[] next = new double[replicas];
    Arrays.fill(next, Double.POSITIVE_INFINITY);
    double t = 0;
    double nextArrival = traffic.unitGaps()[0] / arrivalsPerSecond;
    int arrived = 0;
    int done = 0;
    int lastChosen = replicas - 1;

    while (done < requests) {
      double tn = arrived < requests ? nextArrival : Double.POSITIVE_INFINITY;
      int who = -1;
      for (int i = 0; i < replicas; i++) {
        // a server's own event goes before an arrival at the same instant
        if (next[i] < tn || (who < 0 && next[i] == tn)) {
          tn = next[i];
          who = i;
        }
      }
      t = tn;
      Server event;
      if (who >= 0) {
        event = servers[who];
        event.advance(server, tn);
        if (tn == event.tDecode) {
          for (int i = event.active.size() - 1; i >= 0; i--) {
            Request r = event.active.get(i);
            if (r.remaining <= 1e-6) {
              e2e[r.index] = t - r.arrival;
              event.active.remove(i);
              done++;
            }
          }
        } else {
          Request r = event.prefilling;
          // llama.cpp samples the first token from the prompt's logits
          ttft[r.index] = t - r.arrival;
          r.remaining = r.output - 1;
          if (r.remaining <= 0) {
            e2e[r.index] = t - r.arrival;
            done++;
          } else {
            event.active.add(r);
          }
          event.prefilling = null;
          event.prefillEnd = Double.POSITIVE_INFINITY;
        }
      } else {
        Request r = new Request(t, traffic.prompts()[arrived], traffic.outputs()[arrived]);
        r.index = arrived++;
        who = leastOutstanding(servers, lastChosen);
        lastChosen = who;
        event = servers[who];
        event.advance(server, tn);
        event.waiting.add(r);
        if (arrived < requests) {
          nextArrival = t + traffic.unitGaps()[arrived] / arrivalsPerSecond;
        }
      }
      event.admit(server, t);
      event.nextDecode(server, t);
      next[who] = event.nextEvent();
    }
    for (Server s : servers) {
      s.advance(server, t);
    }

    double[] ft = Arrays.copyOfRange(ttft, warmup, requests);
    double[] fe = Arrays.copyOfRange(e2e, warmup, requests);
    double mean = Arrays.stream(fe).average().orElse(Double.NaN);
    double lambdaCapacity = replicas * server.capacity(traffic.meanPrompt(), traffic.meanOutput());
    boolean stable = arrivalsPerSecond < lambdaCapacity;
    List<Double> utilization = new ArrayList<>(replicas);
    double busy = 0;
    double batchTime = 0;
    double decodeTime = 0;
    for (Server s : servers) {
      utilization.add(t > 0 ? s.busy / t : 0);
      busy += s.busy;
      batchTime += s.batchTime;
      decodeTime += s.decodeTime;
    }
    // the p95 first: the median is then selected among the values left of it
    double ttft95 = select(ft, 0.95);
    double e2e95 = select(fe, 0.95);
    LatencyResult latency =
        new LatencyResult(
            select(ft, 0.50, rank(ft.length, 0.95) + 1) * 1000,
            ttft95 * 1000,
            select(fe, 0.50, rank(fe.length, 0.95) + 1) * 1000,
            e2e95 * 1000,
            mean * 1000,
            t > 0 ? busy / replicas / t : 0,
            decodeTime > 0 ? batchTime / decodeTime : 0,
            stable,
            requests);
    return new FleetLatencyResult(latency, utilization);
  }

  /** The server with the fewest outstanding requests; ties go to the next one after the last. */
  private static int leastOutstanding(Server[] servers, int lastChosen) {
    if (servers.length == 1) {
      return 0;
    }
    int best = -1;
    int fewest = Integer.MAX_VALUE;
    for (int j = 1; j <= servers.length; j++) {
      int i = (lastChosen + j) % servers.length;
      int o = servers[i].outstanding();
      if (o < fewest) {
        fewest = o;
        best = i;
      }
    }
    return best;
  }

  /**
   * {@link #percentile} of an unsorted array without sorting it: the two order statistics the
   * interpolation needs are selected in linear time (sorting every run's latencies was a quarter of
   * an advice's time). Reorders {@code values}.
   */
  static double select(double[] values, double q) {
    return select(values, q, values.length);
  }

  /**
   * As {@link #select(double[], double)}, searching only {@code values[0, limit)}: after the
   * selection of a higher percentile at index {@code limit - 1}, everything at or below it is
   * there.
   */
  static double select(double[] values, double q, int limit) {
    int n = values.length;
    if (n == 0) {
      return Double.NaN;
    }
    double pos = q * (n - 1);
    int lo = (int) Math.floor(pos);
    int end = lo + 1 < limit ? limit : n;
    double below = kth(values, lo, end - 1);
    double above = below;
    if (lo + 1 < n) {
      // after selection everything right of lo is at least values[lo]: the next is their minimum
      above = values[lo + 1];
      for (int i = lo + 2; i < end; i++) {
        above = Math.min(above, values[i]);
      }
    }
    return below + (pos - lo) * (above - below);
  }

  /** The index {@link #select} leaves the lower of its two order statistics at. */
  static int rank(int n, double q) {
    return (int) Math.floor(q * (n - 1));
  }

  /**
   * The k-th smallest (from 0) of {@code a[0, end]}, leaving smaller values left of k and larger
   * ones right of it.
   */
  private static double kth(double[] a, int k, int end) {
    int left = 0;
    int right = end;
    while (right > left) {
      int mid = (left + right) >>> 1;
      // median of three as the pivot, so sorted and reversed input stay linear
      if (a[mid] < a[left]) {
        swap(a, mid, left);
      }
      if (a[right] < a[left]) {
        swap(a, right, left);
      }
      if (a[right] < a[mid]) {
        swap(a, right, mid);
      }
      double pivot = a[mid];
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i++, j--);
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
