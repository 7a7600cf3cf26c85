package org.llmadvisor.core.workload;

import java.util.Random;

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
