package org.llmadvisor.core.advice;

import java.util.List;
import org.llmadvisor.core.workload.Workload;

/**
 * The ranked answer.
 *
 * @param best id of the top recommendation that meets every constraint, or null
 * @param relax when nothing meets every constraint: which one to relax, and by how much
 * @param breakEven monthly volumes where the leading local and cloud options cost the same
 * @param qualityCurve quality against parameters and cost per million tokens (diminishing returns)
 * @param excluded offerings left out before ranking, with the reason
 * @param workload the figures of the workload every candidate was judged on
 */
public record Advice(
    List<Recommendation> recommendations,
    String best,
    List<Relaxation> relax,
    List<BreakEven> breakEven,
    List<QualityPoint> qualityCurve,
    List<Excluded> excluded,
    List<String> summary,
    WorkloadFigures workload) {

  /**
   * What the advisor derived from the workload, so that clients need not derive it again.
   *
   * @param requestsPerMonth requests a day over an average month
   * @param peakRequestsPerSecond arrivals a second at the peak, which latency is predicted under
   * @param contextTokensNeeded a p95 prompt plus a p95 output
   */
  public record WorkloadFigures(
      double requestsPerMonth, double peakRequestsPerSecond, long contextTokensNeeded) {

    public static WorkloadFigures of(Workload w) {
      return new WorkloadFigures(
          w.requestsPerMonth(), w.peakArrivalsPerSecond(), w.contextNeeded());
    }
  }

  /** A constraint to relax and the value that would admit a candidate. */
  public record Relaxation(String constraint, double value, String candidate, String message) {}

  /** Where two candidates cost the same; requestsPerMonth null means never. */
  public record BreakEven(String a, String b, Double requestsPerMonth, String message) {}

  /** One point of the quality curve. */
  public record QualityPoint(
      String id, String model, Long parameters, double quality, double costPerMillionTokensUsd) {}

  /** An offering left out, and why. */
  public record Excluded(String id, String reason) {}
}
