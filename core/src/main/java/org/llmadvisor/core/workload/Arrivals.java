package org.llmadvisor.core.workload;

/**
 * The traffic's arrival times at one rate. Every run of an advice at its peak has the same ones, so
 * they are summed once rather than per run (the same sums in the same order as a run would make
 * them).
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
