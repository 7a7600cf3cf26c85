package org.llmadvisor.core.advice;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality against size and price: one point per model and quantization recipe (its cheapest way to
 * run), sorted by score, so the diminishing returns of more parameters show, and beside them what a
 * smaller recipe gives up.
 */
final class QualityCurve {

  private QualityCurve() {}

  /**
   * @param ranked the candidates in rank order; of equally cheap ways to run a model, the better
   *     ranked one is the point
   */
  static List<Advice.QualityPoint> of(List<Recommendation> ranked) {
    Map<String, Recommendation> cheapestPerModel = new LinkedHashMap<>();
    for (Recommendation x : ranked) {
      if (x.quality().isEmpty()) {
        continue;
      }
      // a recipe scores what the preset scores less what the recipe loses, so each is a point
      String key = x.local().map(l -> l.preset() + " " + l.quantization()).orElse(x.modelId());
      Recommendation cur = cheapestPerModel.get(key);
      if (cur == null
          || x.predicted()
              .costPerMillionTokens()
              .isLessThan(cur.predicted().costPerMillionTokens())) {
        cheapestPerModel.put(key, x);
      }
    }
    return cheapestPerModel.values().stream()
        .map(
            x ->
                new Advice.QualityPoint(
                    x.id().format(),
                    x.model(),
                    x.local().map(LocalDeployment::parameters).orElse(null),
                    x.quality().orElseThrow(),
                    x.predicted().costPerMillionTokens().roundedToCents().toDouble()))
        .sorted(Comparator.comparingDouble(Advice.QualityPoint::quality))
        .toList();
  }
}
