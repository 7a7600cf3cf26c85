package org.llmadvisor.core.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded discrete-event simulation of a continuous-batching server under Poisson arrivals. Events
 * are arrivals, the end of a prompt's processing (its first token) and the end of a sequence's
 * generation; between events every active sequence advances at the step rate of the current batch
 * size, so the run costs O(events × slots), not O(tokens).
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
    if (!(arrivalsPerSecond > 0)) {
      throw new IllegalArgumentException("arrivalsPerSecond must be > 0, was " + arrivalsPerSecond);
    }
    int requests = traffic.requests();
    int warmup = requests / 10;
    double[] ttft = new double[requests];
    double[] e2e = new double[requests];
    Arrays.fill(ttft, Double.NaN);
    Arrays.fill(e2e, Double.NaN);

    ArrayDeque<Request> waiting = new ArrayDeque<>();
    ArrayDeque<Request> toPrefill = new ArrayDeque<>();
    List<Request> active = new ArrayList<>(server.slots());
    Request prefilling = null;
    double prefillEnd = Double.POSITIVE_INFINITY;
    double t = 0;
    double nextArrival = traffic.unitGaps()[0] / arrivalsPerSecond;
    int arrived = 0;
    int done = 0;
    double busy = 0;
    double batchTime = 0;
    double decodeTime = 0;

    while (done < requests) {
      int k = active.size();
      double tDecode = Double.POSITIVE_INFINITY;
      double minRemaining = Double.POSITIVE_INFINITY;
      if (prefilling == null && k > 0) {
        for (Request r : active) {
          minRemaining = Math.min(minRemaining, r.remaining);
        }
        tDecode = t + minRemaining * server.stepSeconds(k);
      }
      double tArrival = arrived < requests ? nextArrival : Double.POSITIVE_INFINITY;
      double tn = Math.min(tArrival, Math.min(prefillEnd, tDecode));
      double dt = Math.max(0, tn - t);
      if (prefilling != null || k > 0) {
        busy += dt;
      }
      if (prefilling == null && k > 0) {
        // advance by whole-event progress, not by dt, so rounding of large clock values never
        // leaves a sequence a hair short of done
        double progress = tn == tDecode ? minRemaining : dt / server.stepSeconds(k);
        for (Request r : active) {
          r.remaining -= progress;
        }
        batchTime += dt * k;
        decodeTime += dt;
      }
      t = tn;

      if (tn == tDecode) {
        for (int i = active.size() - 1; i >= 0; i--) {
          Request r = active.get(i);
          if (r.remaining <= 1e-6) {
            e2e[r.index] = t - r.arrival;
            active.remove(i);
            done++;
          }
        }
      } else if (tn == prefillEnd) {
        Request r = prefilling;
        // llama.cpp samples the first token from the prompt's logits
        ttft[r.index] = t - r.arrival;
        r.remaining = r.output - 1;
        if (r.remaining <= 0) {
          e2e[r.index] = t - r.arrival;
          done++;
        } else {
          active.add(r);
        }
        prefilling = null;
        prefillEnd = Double.POSITIVE_INFINITY;
      } else {
        Request r = new Request(t, traffic.prompts()[arrived], traffic.outputs()[arrived]);
        r.index = arrived++;
        waiting.add(r);
        if (arrived < requests) {
          nextArrival = t + traffic.unitGaps()[arrived] / arrivalsPerSecond;
        }
      }

      while (!waiting.isEmpty()
          && active.size() + toPrefill.size() + (prefilling == null ? 0 : 1) < server.slots()) {
        toPrefill.add(waiting.poll());
      }
      if (prefilling == null && !toPrefill.isEmpty()) {
        prefilling = toPrefill.poll();
        prefillEnd = t + prefilling.prompt / server.prefillTokensPerSecond();
      }
    }

    double[] ft = Arrays.copyOfRange(ttft, warmup, requests);
    double[] fe = Arrays.copyOfRange(e2e, warmup, requests);
    Arrays.sort(ft);
    Arrays.sort(fe);
    double mean = Arrays.stream(fe).average().orElse(Double.NaN);
    double lambdaCapacity = server.capacity(traffic.meanPrompt(), traffic.meanOutput());
    boolean stable = arrivalsPerSecond < lambdaCapacity;
    return new LatencyResult(
        percentile(ft, 0.50) * 1000,
        percentile(ft, 0.95) * 1000,
        percentile(fe, 0.50) * 1000,
        percentile(fe, 0.95) * 1000,
        mean * 1000,
        t > 0 ? busy / t : 0,
        decodeTime > 0 ? batchTime / decodeTime : 0,
        stable,
        requests);
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
