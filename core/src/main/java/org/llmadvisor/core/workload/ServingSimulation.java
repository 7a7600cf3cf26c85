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

  /**
   * The traffic's arrival times at one rate. Every run of an advice at its peak has the same ones,
   * so they are summed once rather than per run (the same sums in the same order as a run would
   * make them).
   */
  public record Arrivals(Traffic traffic, double perSecond, double[] times) {

    public static Arrivals of(Traffic traffic, double perSecond) {
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("arrivalsPerSecond must be > 0, was " + perSecond);
      }
      double[] gaps = traffic.unitGaps();
      double[] times = new double[gaps.length];
      double t = gaps[0] / perSecond;
      times[0] = t;
      for (int i = 1; i < gaps.length; i++) {
        t = t + gaps[i] / perSecond;
        times[i] = t;
      }
      return new Arrivals(traffic, perSecond, times);
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

    boolean idle() {
      return queued == 0 && prefilling < 0 && generating == 0;
    }

    /** The end of the prompt of the last request {@link #serveAlone} served. */
    double updatedPrefillEnd;

    /**
     * Serves {@code request}, arrived at {@code t} to this idle server, when it is done before
     * {@code nextArrival} (negative when none follows) or at that instant, since a server's own
     * event goes before an arrival at the same time: the prompt's end and the generation's end are
     * computed, and the server's clocks advanced, by the same operations in the same order as the
     * events {@link #run} would process, so the result is the same to the bit. Returns the time it
     * is done, or NaN (with nothing changed) when another request arrives before that.
     */
    double serveAlone(
        ServerModel m, int request, double t, long prompt, long output, double nextArrival) {
      double promptEnd = t + prompt / m.prefillTokensPerSecond();
      double left = output - 1;
      double end = left <= 0 ? promptEnd : promptEnd + left * m.stepSeconds(1);
      if (nextArrival >= 0 && nextArrival < end) {
        return Double.NaN;
      }
      busy += Math.max(0, promptEnd - updated);
      if (left > 0) {
        double dt = Math.max(0, end - promptEnd);
        busy += dt;
        batchTime += dt * 1;
        decodeTime += dt;
      }
      updated = end;
      updatedPrefillEnd = promptEnd;
      return end;
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

  /**
   * Each thread's latency arrays, reused from run to run: an advice makes hundreds of runs, and
   * their arrays were a third of its garbage. A run writes every entry before it reads any.
   */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

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
    Latencies times = new Latencies(requests, firstToken, limitMs);
    double[] arrival = arrivals.times();
    long[] prompts = traffic.prompts();
    long[] outputs = traffic.outputs();

    Server[] servers = new Server[replicas];
    for (int i = 0; i < replicas; i++) {
      servers[i] = new Server(server.slots());
    }
    NextEvents next = new NextEvents(replicas);
    Balancer balancer = new Balancer(replicas);
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
    for (Server s : servers) {
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
    return result(server, arrivals, times, t, busy, batchTime, decodeTime);
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
    Latencies times = new Latencies(requests, firstToken, limitMs);
    double[] arrival = arrivals.times();
    long[] prompts = traffic.prompts();
    long[] outputs = traffic.outputs();
    double prefill = server.prefillTokensPerSecond();
    double step = server.stepSeconds(1);
    double[] freeAt = new double[replicas];
    double[] busy = new double[replicas];
    double decodeTime = 0;
    double last = 0;
    Balancer balancer = new Balancer(replicas);
    Ends ends = new Ends();
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
    return result(server, arrivals, times, last, busy, decodeTime, decodeTime);
  }

  /** The ends of the requests in flight on one-slot servers, earliest first (a binary heap). */
  private static final class Ends {
    private double[] end = new double[64];
    private int[] server = new int[64];
    private int size;

    void add(double t, int s) {
      if (size == end.length) {
        end = Arrays.copyOf(end, size * 2);
        server = Arrays.copyOf(server, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (end[parent] <= t) {
          break;
        }
        end[i] = end[parent];
        server[i] = server[parent];
        i = parent;
      }
      end[i] = t;
      server[i] = s;
    }

    /** Hands the balancer every request that has ended by {@code t}. */
    void releaseUpTo(double t, Balancer balancer) {
      while (size > 0 && end[0] <= t) {
        balancer.remove(server[0]);
        double lastEnd = end[--size];
        int lastServer = server[size];
        int i = 0;
        while (true) {
          int child = 2 * i + 1;
          if (child >= size) {
            break;
          }
          if (child + 1 < size && end[child + 1] < end[child]) {
            child++;
          }
          if (lastEnd <= end[child]) {
            break;
          }
          end[i] = end[child];
          server[i] = server[child];
          i = child;
        }
        end[i] = lastEnd;
        server[i] = lastServer;
      }
    }
  }

  /**
   * Each request's times to its first token and to its end, and when a run that only needs to know
   * whether it meets a limit gives up: the p95 is at least the value at its lower rank, so once
   * more requests past the warm-up exceed the limit than that rank leaves above it, it does.
   */
  private static final class Latencies {
    final double[] ttft;
    final double[] e2e;
    final int warmup;
    private final int overAllowed;
    private final boolean onFirstToken;
    private final double limitMs;
    private int over;

    Latencies(int requests, boolean onFirstToken, double limitMs) {
      // every request is answered before a run ends, so every entry is written before it is read
      double[][] scratch = SCRATCH.get();
      if (scratch[0].length != requests) {
        scratch[0] = new double[requests];
        scratch[1] = new double[requests];
      }
      ttft = scratch[0];
      e2e = scratch[1];
      warmup = requests / 10;
      int measured = requests - warmup;
      overAllowed = measured - rank(measured, 0.95);
      this.onFirstToken = onFirstToken;
      this.limitMs = limitMs;
    }

    /** Request {@code r}'s first token came after {@code seconds}; true to give up. */
    boolean firstToken(int r, double seconds) {
      ttft[r] = seconds;
      return onFirstToken && r >= warmup && seconds * 1000 > limitMs && ++over >= overAllowed;
    }

    /** Request {@code r} was answered after {@code seconds}; true to give up. */
    boolean done(int r, double seconds) {
      e2e[r] = seconds;
      return !onFirstToken && r >= warmup && seconds * 1000 > limitMs && ++over >= overAllowed;
    }
  }

  /** The run's figures from each request's times and each server's busy time. */
  private static FleetLatencyResult result(
      ServerModel server,
      Arrivals arrivals,
      Latencies times,
      double t,
      double[] busyPerServer,
      double batchTime,
      double decodeTime) {
    Traffic traffic = arrivals.traffic();
    int requests = traffic.requests();
    int warmup = times.warmup;
    double[] ttft = times.ttft;
    double[] e2e = times.e2e;
    int replicas = busyPerServer.length;
    double sum = 0;
    for (int i = warmup; i < requests; i++) {
      sum += e2e[i];
    }
    // a plain loop: a stream's compensated sum cost a tenth of a run for a figure to four digits
    double mean = requests > warmup ? sum / (requests - warmup) : Double.NaN;
    double lambdaCapacity = replicas * server.capacity(traffic.meanPrompt(), traffic.meanOutput());
    boolean stable = arrivals.perSecond() < lambdaCapacity;
    List<Double> utilization = new ArrayList<>(replicas);
    double busy = 0;
    for (double b : busyPerServer) {
      utilization.add(t > 0 ? b / t : 0);
      busy += b;
    }
    double[] ft = percentiles(ttft, warmup, requests, 0.50, 0.95);
    double[] fe = percentiles(e2e, warmup, requests, 0.50, 0.95);
    LatencyResult latency =
        new LatencyResult(
            ft[0] * 1000,
            ft[1] * 1000,
            fe[0] * 1000,
            fe[1] * 1000,
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
      if (at[server] == time) {
        // the tree already holds it
        return;
      }
      at[server] = time;
      for (int i = (leaves + server) >> 1; i >= 1; i >>= 1) {
        int l = winner[2 * i];
        int r = winner[2 * i + 1];
        // the left subtree holds the lower indices: it wins ties
        int w = at[l] <= at[r] ? l : r;
        if (w == winner[i] && w != server) {
          // this subtree's winner and its time are as they were, so are those above it
          return;
        }
        winner[i] = w;
      }
    }
  }

  /**
   * Outstanding requests per server and the least-outstanding choice: the server with the fewest,
   * ties going to the first after the last one chosen. Up to 64 servers, each count keeps the set
   * of servers at it as the bits of a long, so that a choice is a few bit operations rather than a
   * scan of every server on every arrival; beyond that, the servers are scanned.
   */
  private static final class Balancer {
    private final int[] outstanding;
    private final boolean bits;

    /** Bit s of {@code at[c]}: server s has c requests outstanding. */
    private long[] at = new long[8];

    private int fewest;
    private int last;

    Balancer(int servers) {
      outstanding = new int[servers];
      bits = servers <= 64;
      if (bits) {
        at[0] = servers == 64 ? -1L : (1L << servers) - 1;
      }
      last = servers - 1;
    }

    int choose() {
      int n = outstanding.length;
      int best;
      if (bits) {
        long m = at[fewest];
        long after = last == 63 ? 0 : m & (-1L << (last + 1));
        best = Long.numberOfTrailingZeros(after != 0 ? after : m);
      } else {
        best = -1;
        int least = Integer.MAX_VALUE;
        for (int k = 1; k <= n; k++) {
          int i = (last + k) % n;
          if (outstanding[i] < least) {
            least = outstanding[i];
            best = i;
          }
        }
      }
      last = best;
      return best;
    }

    void add(int s) {
      int c = outstanding[s]++;
      if (bits) {
        if (c + 1 == at.length) {
          at = Arrays.copyOf(at, at.length * 2);
        }
        at[c] &= ~(1L << s);
        at[c + 1] |= 1L << s;
        if (c == fewest && at[c] == 0) {
          fewest = c + 1;
        }
      }
    }

    void remove(int s) {
      int c = outstanding[s]--;
      if (bits) {
        at[c] &= ~(1L << s);
        at[c - 1] |= 1L << s;
        fewest = Math.min(fewest, c - 1);
      }
    }
  }

  /**
   * Percentiles of {@code values[from, to)} (interpolated between the two order statistics around
   * each), as sorting the range would give them, without sorting it (sorting every run's latencies
   * was a quarter of an advice's time): see {@link #orderStatistics}. Leaves {@code values} as they
   * are.
   */
  static double[] percentiles(double[] values, int from, int to, double... qs) {
    int n = to - from;
    double[] out = new double[qs.length];
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    int[] ranks = new int[2 * qs.length];
    for (int j = 0; j < qs.length; j++) {
      int lo = rank(n, qs[j]);
      ranks[2 * j] = lo;
      ranks[2 * j + 1] = Math.min(n - 1, lo + 1);
    }
    double[] at = orderStatistics(values, from, to, ranks);
    for (int j = 0; j < qs.length; j++) {
      double pos = qs[j] * (n - 1);
      int lo = ranks[2 * j];
      out[j] = at[2 * j] + (pos - lo) * (at[2 * j + 1] - at[2 * j]);
    }
    return out;
  }

  /** Below this many values, sorting them is as quick as counting them into buckets. */
  private static final int SORT_BELOW = 48;

  /**
   * The {@code ranks[i]}-th smallest values (from 0) of {@code values[from, to)}. The values are
   * counted into equal-width buckets between their minimum and maximum; since subtracting and
   * scaling preserve order, each bucket holds a contiguous run of the sorted values, so only the
   * buckets that hold the ranks are looked at further: again by buckets while they hold many (a
   * long tail crowds the rest into the first few buckets), then by sorting.
   */
  private static double[] orderStatistics(double[] values, int from, int to, int[] ranks) {
    int n = to - from;
    double[] out = new double[ranks.length];
    if (n > SORT_BELOW) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        // comparisons rather than Math.min and Math.max, which also order NaNs and signed zeros:
        // latencies have neither
        double v = values[i];
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
      if (!(max > min)) {
        Arrays.fill(out, min);
        return out;
      }
      int buckets = n / 2;
      double scale = buckets / (max - min);
      if (!Double.isInfinite(scale)) {
        int[] start = new int[buckets + 1];
        for (int i = from; i < to; i++) {
          start[bucket(values[i], min, scale, buckets) + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
          start[b + 1] += start[b];
        }
        // the buckets that hold the ranks, each gathered once in one more pass
        int[] of = new int[ranks.length];
        int[] held = new int[ranks.length];
        int distinct = 0;
        for (int j = 0; j < ranks.length; j++) {
          of[j] = bucketOf(start, ranks[j]);
          int d = 0;
          while (d < distinct && held[d] != of[j]) {
            d++;
          }
          if (d == distinct) {
            held[distinct++] = of[j];
          }
        }
        if (distinct > 1 || start[held[0] + 1] - start[held[0]] < n) {
          double[][] parts = new double[distinct][];
          int[] filled = new int[distinct];
          for (int d = 0; d < distinct; d++) {
            parts[d] = new double[start[held[d] + 1] - start[held[d]]];
          }
          int[] slot = new int[buckets];
          Arrays.fill(slot, -1);
          for (int d = 0; d < distinct; d++) {
            slot[held[d]] = d;
          }
          for (int i = from; i < to; i++) {
            int d = slot[bucket(values[i], min, scale, buckets)];
            if (d >= 0) {
              parts[d][filled[d]++] = values[i];
            }
          }
          for (int d = 0; d < distinct; d++) {
            int b = held[d];
            int count = 0;
            for (int j = 0; j < ranks.length; j++) {
              count += of[j] == b ? 1 : 0;
            }
            int[] inside = new int[count];
            for (int j = 0, m = 0; j < ranks.length; j++) {
              if (of[j] == b) {
                inside[m++] = ranks[j] - start[b];
              }
            }
            double[] found = orderStatistics(parts[d], 0, parts[d].length, inside);
            for (int j = 0, m = 0; j < ranks.length; j++) {
              if (of[j] == b) {
                out[j] = found[m++];
              }
            }
          }
          return out;
        }
        // one bucket holds everything (the rest are empty): sort instead
      }
    }
    double[] sorted = Arrays.copyOfRange(values, from, to);
    Arrays.sort(sorted);
    for (int j = 0; j < ranks.length; j++) {
      out[j] = sorted[ranks[j]];
    }
    return out;
  }

  /** The index of the lower of the two order statistics a percentile interpolates between. */
  static int rank(int n, double q) {
    return (int) Math.floor(q * (n - 1));
  }

  private static int bucket(double v, double min, double scale, int buckets) {
    return Math.min(buckets - 1, (int) ((v - min) * scale));
  }

  /** The bucket that holds the {@code rank}-th smallest value, given each bucket's first rank. */
  private static int bucketOf(int[] start, int rank) {
    int b = Arrays.binarySearch(start, rank);
    if (b < 0) {
      return -b - 2;
    }
    // empty buckets share a start: the value is in the last bucket starting there
    while (b + 1 < start.length - 1 && start[b + 1] == rank) {
      b++;
    }
    return b;
  }
}
