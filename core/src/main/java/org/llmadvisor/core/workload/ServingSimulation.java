package org.llmadvisor.core.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded discrete-event simulation of continuous-batching servers under Poisson arrivals: one
 * server, or replicas behind a least-outstanding-requests balancer. Events are arrivals, the end of
 * a prompt's processing (its first token) and the end of a sequence's generation; between events
 * every active sequence advances at the step rate of its server's current batch size, so the run
 * costs O(events × (log replicas + slots) + arrivals × replicas), not O(tokens).
 */
public final class ServingSimulation {

  private ServingSimulation() {}

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

  /**
   * One server's queue, prompt in progress and generating batch. Requests are their index in the
   * traffic; the batch is kept in plain arrays because every event walks it.
   */
  private static final class Server {
    /**
     * Requests sent here and not yet in prompt processing, oldest first (a ring): the first {@code
     * admitted} hold a slot and wait for the prompt in progress, the rest wait for a slot.
     */
    private int[] queue = new int[16];

    private int head;
    private int queued;
    private int admitted;

    /** Tokens each generating sequence has left, and which request it is. */
    final double[] remaining;

    final int[] active;
    int generating;
    int prefilling = -1;
    double prefillEnd = Double.POSITIVE_INFINITY;
    double tDecode;
    double minRemaining;
    double busy;
    double batchTime;
    double decodeTime;

    /** The time the state above is current to: a server is brought up to date when touched. */
    double updated;

    Server(int slots) {
      remaining = new double[slots];
      active = new int[slots];
    }

    void enqueue(int request) {
      if (queued == queue.length) {
        int[] grown = new int[queue.length * 2];
        for (int i = 0; i < queued; i++) {
          grown[i] = queue[(head + i) & (queue.length - 1)];
        }
        queue = grown;
        head = 0;
      }
      queue[(head + queued++) & (queue.length - 1)] = request;
    }

    /** When the batch's next sequence finishes, if the server is generating. */
    void nextDecode(ServerModel m, double t) {
      tDecode = Double.POSITIVE_INFINITY;
      minRemaining = Double.POSITIVE_INFINITY;
      int k = generating;
      if (prefilling < 0 && k > 0) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
          min = Math.min(min, remaining[i]);
        }
        minRemaining = min;
        tDecode = t + min * m.stepSeconds(k);
      }
    }

    double nextEvent() {
      return Math.min(prefillEnd, tDecode);
    }

    void advance(ServerModel m, double tn) {
      int k = generating;
      double dt = Math.max(0, tn - updated);
      updated = tn;
      if (prefilling >= 0 || k > 0) {
        busy += dt;
      }
      if (prefilling < 0 && k > 0) {
        // advance by whole-event progress, not by dt, so rounding of large clock values never
        // leaves a sequence a hair short of done
        double progress = tn == tDecode ? minRemaining : dt / m.stepSeconds(k);
        for (int i = 0; i < k; i++) {
          remaining[i] -= progress;
        }
        batchTime += dt * k;
        decodeTime += dt;
      }
    }

    /** Starts generating {@code request} with {@code tokens} left. */
    void generate(int request, double tokens) {
      remaining[generating] = tokens;
      active[generating++] = request;
    }

    void admit(ServerModel m, double t, long[] prompts) {
      while (queued > admitted && generating + admitted + (prefilling < 0 ? 0 : 1) < m.slots()) {
        admitted++;
      }
      if (prefilling < 0 && admitted > 0) {
        prefilling = queue[head];
        head = (head + 1) & (queue.length - 1);
        queued--;
        admitted--;
        prefillEnd = t + prompts[prefilling] / m.prefillTokensPerSecond();
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
    return run(server, replicas, arrivalsPerSecond, traffic, false, Double.POSITIVE_INFINITY);
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
    return Optional.ofNullable(
        run(server, replicas, arrivalsPerSecond, traffic, firstToken, limitMs));
  }

  /** The run behind both: null when it gave up. */
  private static FleetLatencyResult run(
      ServerModel server,
      int replicas,
      double arrivalsPerSecond,
      Traffic traffic,
      boolean firstToken,
      double limitMs) {
    if (!(arrivalsPerSecond > 0)) {
      throw new IllegalArgumentException("arrivalsPerSecond must be > 0, was " + arrivalsPerSecond);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    int requests = traffic.requests();
    int warmup = requests / 10;
    // the p95 is at least the value at its lower rank: once this many measured requests exceed
    // the limit, it does
    int measured = requests - warmup;
    int overAllowed = measured - rank(measured, 0.95);
    int over = 0;
    // every request is answered before the run ends, so every entry is written
    double[] ttft = new double[requests];
    double[] e2e = new double[requests];
    double[] arrival = new double[requests];
    long[] prompts = traffic.prompts();
    long[] outputs = traffic.outputs();
    double[] gaps = traffic.unitGaps();

    Server[] servers = new Server[replicas];
    for (int i = 0; i < replicas; i++) {
      servers[i] = new Server(server.slots());
    }
    NextEvents next = new NextEvents(replicas);
    int[] outstanding = new int[replicas];
    double t = 0;
    double nextArrival = gaps[0] / arrivalsPerSecond;
    int arrived = 0;
    int done = 0;
    int lastChosen = replicas - 1;

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
      Server event;
      if (who >= 0) {
        event = servers[who];
        event.advance(server, tn);
        if (tn == event.tDecode) {
          double[] rem = event.remaining;
          int[] active = event.active;
          for (int i = event.generating - 1; i >= 0; i--) {
            if (rem[i] <= 1e-6) {
              int r = active[i];
              e2e[r] = t - arrival[r];
              int last = --event.generating;
              rem[i] = rem[last];
              active[i] = active[last];
              outstanding[who]--;
              done++;
              if (!firstToken && r >= warmup && e2e[r] * 1000 > limitMs && ++over >= overAllowed) {
                return null;
              }
            }
          }
        } else {
          int r = event.prefilling;
          // llama.cpp samples the first token from the prompt's logits
          ttft[r] = t - arrival[r];
          if (firstToken && r >= warmup && ttft[r] * 1000 > limitMs && ++over >= overAllowed) {
            return null;
          }
          double remaining = outputs[r] - 1;
          if (remaining <= 0) {
            e2e[r] = t - arrival[r];
            outstanding[who]--;
            done++;
            if (!firstToken && r >= warmup && e2e[r] * 1000 > limitMs && ++over >= overAllowed) {
              return null;
            }
          } else {
            event.generate(r, remaining);
          }
          event.prefilling = -1;
          event.prefillEnd = Double.POSITIVE_INFINITY;
        }
      } else {
        int r = arrived++;
        arrival[r] = t;
        who = leastOutstanding(outstanding, lastChosen);
        lastChosen = who;
        outstanding[who]++;
        event = servers[who];
        event.advance(server, tn);
        event.enqueue(r);
        if (arrived < requests) {
          nextArrival = t + gaps[arrived] / arrivalsPerSecond;
        }
      }
      event.admit(server, t, prompts);
      event.nextDecode(server, t);
      next.set(who, event.nextEvent());
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

  /**
   * Each server's next own event, and which server's comes first (the lowest index among equal
   * times): a tournament tree, so that finding it costs O(1) and changing one server's time O(log
   * replicas) rather than a scan of every server per event.
   */
  private static final class NextEvents {
    private final double[] at;
    private final int[] winner;
    private final int leaves;

    NextEvents(int servers) {
      int n = 1;
      while (n < servers) {
        n <<= 1;
      }
      leaves = n;
      at = new double[n];
      Arrays.fill(at, Double.POSITIVE_INFINITY);
      winner = new int[2 * n];
      for (int i = 0; i < n; i++) {
        winner[n + i] = i;
      }
      for (int i = n - 1; i >= 1; i--) {
        winner[i] = winner[2 * i];
      }
    }

    int earliest() {
      return winner[1];
    }

    double at(int server) {
      return at[server];
    }

    void set(int server, double time) {
      at[server] = time;
      for (int i = (leaves + server) >> 1; i >= 1; i >>= 1) {
        int l = winner[2 * i];
        int r = winner[2 * i + 1];
        // the left subtree holds the lower indices: it wins ties
        winner[i] = at[l] <= at[r] ? l : r;
      }
    }
  }

  /** The server with the fewest outstanding requests; ties go to the next one after the last. */
  private static int leastOutstanding(int[] outstanding, int lastChosen) {
    int n = outstanding.length;
    if (n == 1) {
      return 0;
    }
    int best = -1;
    int fewest = Integer.MAX_VALUE;
    for (int i = lastChosen + 1; i < n; i++) {
      if (outstanding[i] < fewest) {
        fewest = outstanding[i];
        best = i;
      }
    }
    for (int i = 0; i <= lastChosen; i++) {
      if (outstanding[i] < fewest) {
        fewest = outstanding[i];
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
