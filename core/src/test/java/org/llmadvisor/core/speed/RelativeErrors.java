package org.llmadvisor.core.speed;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Relative errors |predicted − measured| / measured of a set of predictions, summarised. */
record RelativeErrors(int rows, double mean, double median, double max, String worst) {

  /** One prediction of a measured figure. */
  record Prediction(String label, double predicted, double measured) {
    double error() {
      return Math.abs(predicted - measured) / measured;
    }
  }

  static RelativeErrors of(List<Prediction> ps) {
    if (ps.isEmpty()) {
      throw new IllegalArgumentException("no predictions");
    }
    List<Double> sorted = ps.stream().map(Prediction::error).sorted().toList();
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    Prediction worst = ps.stream().max(Comparator.comparingDouble(Prediction::error)).orElseThrow();
    return new RelativeErrors(
        n,
        sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        median,
        worst.error(),
        worst.label());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d rows, mean %.1f%%, median %.1f%%, max %.1f%% (%s)",
        rows,
        mean * 100,
        median * 100,
        max * 100,
        worst);
  }
}
