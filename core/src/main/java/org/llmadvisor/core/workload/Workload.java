package org.llmadvisor.core.workload;

import java.util.OptionalInt;

/**
 * Traffic a deployment must serve.
 *
 * @param requestsPerDay requests on an average day
 * @param activeHoursPerDay hours over which they arrive (8 for office hours, 24 for round the
 *     clock)
 * @param peakFactor peak arrival rate over the active-hours average (1 = flat)
 * @param input prompt tokens per request
 * @param output generated tokens per request
 * @param parallel sequences a local server runs at once (Ollama's OLLAMA_NUM_PARALLEL) when the
 *     team has decided it; empty lets the advisor choose it for each local candidate
 */
public record Workload(
    double requestsPerDay,
    double activeHoursPerDay,
    double peakFactor,
    TokenDistribution input,
    TokenDistribution output,
    OptionalInt parallel) {

  /** Days in an average month (365.25 / 12). */
  public static final double DAYS_PER_MONTH = 365.25 / 12;

  /** The most parallel slots a workload may ask a server for. */
  public static final int MAX_PARALLEL = 256;

  public Workload {
    if (!(requestsPerDay > 0) || !Double.isFinite(requestsPerDay)) {
      throw new WorkloadException("requestsPerDay", "must be > 0, was " + requestsPerDay);
    }
    if (!(activeHoursPerDay > 0) || activeHoursPerDay > 24) {
      throw new WorkloadException(
          "activeHoursPerDay", "must be in (0, 24], was " + activeHoursPerDay);
    }
    if (!(peakFactor >= 1) || !Double.isFinite(peakFactor) || peakFactor > 1000) {
      throw new WorkloadException("peakFactor", "must be between 1 and 1000, was " + peakFactor);
    }
    if (parallel.isPresent() && (parallel.getAsInt() < 1 || parallel.getAsInt() > MAX_PARALLEL)) {
      throw new WorkloadException(
          "parallel", "must be between 1 and " + MAX_PARALLEL + ", was " + parallel.getAsInt());
    }
    if (output.mean() < 1) {
      throw new WorkloadException("outputTokens", "must be >= 1, was " + output.mean());
    }
  }

  /** With the parallel slots the team has decided. */
  public Workload(
      double requestsPerDay,
      double activeHoursPerDay,
      double peakFactor,
      TokenDistribution input,
      TokenDistribution output,
      int parallel) {
    this(requestsPerDay, activeHoursPerDay, peakFactor, input, output, OptionalInt.of(parallel));
  }

  /** With the parallel slots left to the advisor. */
  public Workload(
      double requestsPerDay,
      double activeHoursPerDay,
      double peakFactor,
      TokenDistribution input,
      TokenDistribution output) {
    this(requestsPerDay, activeHoursPerDay, peakFactor, input, output, OptionalInt.empty());
  }

  public double averageArrivalsPerSecond() {
    return requestsPerDay / (activeHoursPerDay * 3600);
  }

  public double peakArrivalsPerSecond() {
    return averageArrivalsPerSecond() * peakFactor;
  }

  public double requestsPerMonth() {
    return requestsPerDay * DAYS_PER_MONTH;
  }

  public double tokensPerMonth() {
    return requestsPerMonth() * (input.mean() + output.mean());
  }

  /** Context a request can need: p95 prompt plus p95 output. */
  public long contextNeeded() {
    return (long) Math.ceil(input.p95() + output.p95());
  }
}
