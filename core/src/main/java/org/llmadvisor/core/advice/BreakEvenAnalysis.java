package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.llmadvisor.core.cost.CostModel;
import org.llmadvisor.core.workload.Workload;

/**
 * The monthly volume where the leading local and the leading cloud candidate cost the same: a local
 * deployment is mostly fixed cost, a cloud API is all cost per request, so one volume separates
 * where each is cheaper.
 */
final class BreakEvenAnalysis {

  private BreakEvenAnalysis() {}

  /**
   * Between the leading local candidate and the cloud offering the request names, else the leading
   * cloud candidate, when there are both. None when data must stay on the premises: a volume at
   * which a cloud offering the team may not use becomes cheaper helps nobody.
   */
  static List<Advice.BreakEven> ofLeaders(List<Recommendation> ranked, AdviceRequest r) {
    if (r.dataMustStayLocal()) {
      return List.of();
    }
    Workload w = r.workload();
    Optional<Recommendation> local = leader(ranked, Recommendation.Kind.LOCAL);
    Optional<Recommendation> cloud =
        r.compareWith().isPresent()
            ? ranked.stream().filter(x -> x.id().format().equals(r.compareWith().get())).findFirst()
            : leader(ranked, Recommendation.Kind.CLOUD);
    return local.isPresent() && cloud.isPresent()
        ? List.of(between(local.get(), cloud.get(), w))
        : List.of();
  }

  /**
   * The best-ranked candidate of a kind that at least loads and has bounded latency, since a
   * break-even with a candidate that cannot serve says nothing; else the best-ranked of the kind.
   */
  static Optional<Recommendation> leader(List<Recommendation> ranked, Recommendation.Kind kind) {
    return ranked.stream()
        .filter(x -> x.kind() == kind && x.meetsCapacity() && x.predicted().p95LatencyMs() != null)
        .findFirst()
        .or(() -> ranked.stream().filter(x -> x.kind() == kind).findFirst());
  }

  /**
   * Where {@code a} and {@code b} cost the same, and which is cheaper on each side: the one cheaper
   * at half that volume is cheaper below it. Without a crossing, the one cheaper at the workload's
   * volume is cheaper at every volume.
   */
  static Advice.BreakEven between(Recommendation a, Recommendation b, Workload w) {
    OptionalDouble v = CostModel.breakEven(a.cost(), b.cost());
    if (v.isEmpty()) {
      double volume = w.requestsPerMonth();
      Recommendation cheaper = a.cost().atVolume(volume) <= b.cost().atVolume(volume) ? a : b;
      return new Advice.BreakEven(
          a.id().format(),
          b.id().format(),
          null,
          f("Never: %s is cheaper at every volume.", cheaper.label()));
    }
    double req = v.getAsDouble();
    Recommendation belowCheaper = a.cost().atVolume(req / 2) <= b.cost().atVolume(req / 2) ? a : b;
    Recommendation other = belowCheaper == a ? b : a;
    return new Advice.BreakEven(
        a.id().format(),
        b.id().format(),
        Math.round(req * 100) / 100.0,
        f(
            "They cost the same at %,.0f requests a month (%,.0f a day): below it %s is cheaper, above it %s.",
            req, req / Workload.DAYS_PER_MONTH, belowCheaper.label(), other.label()));
  }
}
