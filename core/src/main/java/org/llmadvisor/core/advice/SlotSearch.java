package org.llmadvisor.core.advice;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import org.llmadvisor.core.memory.MemoryEstimate;

/**
 * The parallel slots per server that make a local candidate cheapest while it meets the target: the
 * slots are doubled (1, 2, 4, …) and the search stops at the first count that cannot do better.
 * More slots share each read of the weights, so a server completes more requests; they stop paying
 * when their KV caches no longer fit, when the batched step turns compute-bound (a doubling adds
 * little capacity), when the server's capacity no longer lowers the servers needed, when the slower
 * steps of a full batch need as many servers to keep the p95 target, or when one server already
 * carries the peak. A count is sized first, which is cheap, and its fleet searched (simulated) only
 * when its size leaves it a chance to do better.
 */
final class SlotSearch {

  /** How a candidate is sized and loaded for a number of slots. */
  interface Candidate {

    /** One server with {@code slots} parallel slots, sized but not yet under load. */
    Server size(int slots);

    /** That server's fleet, searched at the peak. */
    Trial run(Server server);
  }

  /**
   * One server with a number of slots, sized.
   *
   * @param memory its memory with every slot's KV cache
   * @param capacityPerSecond requests per second it completes with every slot busy; 0 when its
   *     prompt speed is unknown
   * @param oneSlotCapacityPerSecond the same server's with one slot
   * @param stepMsFull one generation step with every slot decoding
   * @param stepMsOne one generation step of a sequence alone
   * @param devices the server's sizing and price, to run it with
   */
  record Server(
      int slots,
      MemoryEstimate memory,
      double capacityPerSecond,
      double oneSlotCapacityPerSecond,
      double stepMsFull,
      double stepMsOne,
      DeviceCountSearch.Choice devices) {

    /** The fewest such servers that keep up with {@code peakPerSecond}. */
    int keepingUp(double peakPerSecond) {
      return peakPerSecond < capacityPerSecond
          ? 1
          : (int) Math.min(Integer.MAX_VALUE, Math.floor(peakPerSecond / capacityPerSecond) + 1);
    }
  }

  /**
   * A server's fleet under the peak.
   *
   * @param candidate the candidate with that many slots, its fleet searched
   * @param targetP95Ms the p95 the latency target bounds; infinite when the queue has no bound
   * @param reasonsAt where in the candidate's reasons the sentences on its slots go
   */
  record Trial(Server server, Recommendation candidate, double targetP95Ms, int reasonsAt) {

    int slots() {
      return server.slots();
    }

    int replicas() {
      return candidate.id().shape().replicas();
    }
  }

  /** Why the search did not go to more slots. */
  enum Stop {
    /** the workload gave the slots */
    GIVEN,
    /** one server already meets the target at the peak */
    ONE_SERVER_ENOUGH,
    /** the next count's KV caches do not fit */
    MEMORY,
    /** the next count adds too little capacity: the batched step is compute-bound */
    COMPUTE,
    /** the next count would still need as many servers to keep up with the peak */
    NO_FEWER_SERVERS,
    /** the next count costs no less: its slower full-batch steps need as many servers */
    LATENCY,
    /** the next count is past the search's bound */
    LIMIT
  }

  /**
   * What the search chose.
   *
   * @param last the count that {@code next} was weighed against
   * @param next the count that stopped the search, when one was sized
   * @param nextRun its fleet, when it was searched
   */
  record Choice(Trial best, Stop why, Trial last, Server next, Trial nextRun) {}

  /** A doubling that raises a server's capacity by less than this counts as compute-bound. */
  static final double MIN_DOUBLING_GAIN = 1.1;

  /**
   * A count whose cost is within this fraction of the best's is no cheaper: a little less energy
   * does not pay for longer queues.
   */
  static final double COST_TOLERANCE = 0.01;

  /** The constraints slots can change; the quality floor and data locality they cannot. */
  private static final Set<Constraint> SLOT_BOUND =
      EnumSet.of(Constraint.CAPACITY, Constraint.LATENCY, Constraint.BUDGET);

  private final int maxSlots;

  /**
   * @param maxSlots the most slots per server tried
   */
  SlotSearch(int maxSlots) {
    if (maxSlots < 1) {
      throw new IllegalArgumentException("maxSlots must be >= 1, was " + maxSlots);
    }
    this.maxSlots = maxSlots;
  }

  /**
   * @param fleets whether the candidate's servers may be more than one (hardware to buy or rent)
   */
  Choice search(Candidate c, double peakPerSecond, boolean fleets) {
    Trial best = c.run(c.size(1));
    Trial last = best;
    for (int s = 2; ; s *= 2) {
      if (best.replicas() == 1 && misses(best.candidate()) == 0) {
        return new Choice(best, Stop.ONE_SERVER_ENOUGH, last, null, null);
      }
      if (!best.server().memory().fits()) {
        // layers already run from system RAM: more KV cache only pushes out more of them
        return new Choice(best, Stop.MEMORY, last, null, null);
      }
      if (s > maxSlots) {
        return new Choice(best, Stop.LIMIT, last, null, null);
      }
      Server next = c.size(s);
      if (!next.memory().fits()) {
        return new Choice(best, Stop.MEMORY, last, next, null);
      }
      if (next.capacityPerSecond() < MIN_DOUBLING_GAIN * last.server().capacityPerSecond()) {
        return new Choice(best, Stop.COMPUTE, last, next, null);
      }
      if (fleets
          && misses(best.candidate()) == 0
          && next.keepingUp(peakPerSecond) >= best.replicas()) {
        return new Choice(best, Stop.NO_FEWER_SERVERS, last, next, null);
      }
      Trial t = c.run(next);
      if (BETTER.compare(t, best) >= 0) {
        return new Choice(best, Stop.LATENCY, last, next, t);
      }
      best = t;
      last = t;
    }
  }

  /** The slots the workload gave, searched for nothing but its fleet. */
  static Choice given(Candidate c, int slots) {
    Trial t = c.run(c.size(slots));
    return new Choice(t, Stop.GIVEN, t, null, null);
  }

  static int misses(Recommendation c) {
    return (int) c.unmet().stream().filter(SLOT_BOUND::contains).count();
  }

  /**
   * Fewer constraints missed first. Among those that meet them, the clearly cheaper, else the lower
   * p95; among those that miss, the lower p95 (unbounded last), then the larger capacity (the
   * nearer to a bound), then the cheaper.
   */
  static final Comparator<Trial> BETTER =
      (a, b) -> {
        int byMisses = Integer.compare(misses(a.candidate()), misses(b.candidate()));
        if (byMisses != 0) {
          return byMisses;
        }
        double ca = a.candidate().predicted().monthlyCost().toDouble();
        double cb = b.candidate().predicted().monthlyCost().toDouble();
        boolean clearlyApart = Math.abs(ca - cb) > COST_TOLERANCE * Math.min(ca, cb);
        if (misses(a.candidate()) == 0 && clearlyApart) {
          return Double.compare(ca, cb);
        }
        int byLatency = Double.compare(a.targetP95Ms(), b.targetP95Ms());
        if (byLatency != 0) {
          return byLatency;
        }
        int byCapacity =
            Double.compare(b.server().capacityPerSecond(), a.server().capacityPerSecond());
        return byCapacity != 0 ? byCapacity : Double.compare(ca, cb);
      };
}
