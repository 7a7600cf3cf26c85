package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.catalog.VllmModel;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.core.vllm.VllmEstimator;
import org.llmadvisor.core.workload.Traffic;
import org.llmadvisor.core.workload.Workload;

/**
 * Enumerates deployments (Ollama tag × device, and cloud offerings), has each evaluated (predicted
 * latency under the workload's peak load, cost and quality, and the hard constraints it meets),
 * ranks them (what meets everything first, then cheapest, then latency margin, then quality) and
 * adds what to relax, the break-even volume and the quality curve.
 */
public final class Advisor {

  private final ModelCatalog models;
  private final HardwareCatalog hardware;
  private final OfferingCatalog offerings;
  private final AdvisorSettings settings;
  private final LocalCandidateEvaluator local;
  private final VllmEstimator vllm = VllmEstimator.bundled();

  /**
   * Each Ollama tag's tensors, counts and recipe note: they depend on the catalogs alone, which an
   * advisor keeps, so they are made the first time a tag is advised on, not on every advice.
   */
  private final Map<OllamaTag, OllamaServed.Quantized> quantized = new ConcurrentHashMap<>();

  public Advisor(
      ModelCatalog models, HardwareCatalog hardware, OfferingCatalog offerings, Sizer sizer) {
    this(models, hardware, offerings, sizer, AdvisorSettings.bundled());
  }

  public Advisor(
      ModelCatalog models,
      HardwareCatalog hardware,
      OfferingCatalog offerings,
      Sizer sizer,
      AdvisorSettings settings) {
    this.models = models;
    this.hardware = hardware;
    this.offerings = offerings;
    this.settings = settings;
    this.local = new LocalCandidateEvaluator(sizer, offerings, settings);
  }

  public static Advisor bundled() {
    return new Advisor(
        ModelCatalog.bundled(),
        HardwareCatalog.bundled(),
        OfferingCatalog.bundled(),
        Sizer.bundled(),
        AdvisorSettings.bundled());
  }

  public OfferingCatalog offerings() {
    return offerings;
  }

  /** The devices considered when the request names none: every one with a price. */
  public List<HardwareOption> defaultHardware(boolean allowRented) {
    List<HardwareOption> out = new ArrayList<>();
    offerings
        .ownership()
        .purchaseUsd()
        .forEach(
            (id, usd) ->
                hardware
                    .find(id)
                    .ifPresent(
                        h ->
                            out.add(
                                new HardwareOption(
                                    h, Acquisition.BUY, Optional.of(usd), Optional.empty()))));
    if (allowRented) {
      offerings
          .ownership()
          .rentalUsdPerHour()
          .forEach(
              (id, rate) ->
                  hardware
                      .find(id)
                      .ifPresent(
                          h ->
                              out.add(
                                  new HardwareOption(
                                      h, Acquisition.RENT, Optional.empty(), Optional.of(rate)))));
    }
    out.sort(Comparator.comparing(HardwareOption::id));
    return out;
  }

  public Advice advise(AdviceRequest r) {
    List<Recommendation> all = new ArrayList<>();
    List<Advice.Excluded> excluded = new ArrayList<>();
    for (CloudOffering o : r.cloudOfferings() ? offerings.offerings() : List.<CloudOffering>of()) {
      if (o.retiredOn().isPresent()) {
        excluded.add(
            new Advice.Excluded(
                o.id(), o.providerName() + " retired " + o.model() + " on " + o.retiredOn().get()));
        continue;
      }
      RecommendationId id;
      try {
        id = RecommendationId.parse(o.id());
      } catch (IllegalArgumentException e) {
        // a plan could not be applied from such an id, so it is not offered
        excluded.add(new Advice.Excluded(o.id(), "not a recommendation id: " + e.getMessage()));
        continue;
      }
      all.add(CloudCandidateEvaluator.evaluate(o, id, r));
    }
    List<HardwareOption> options =
        r.hardware().isEmpty() ? defaultHardware(r.allowRentedHardware()) : r.hardware();
    // one traffic sample per advice, shared by every local candidate (common random numbers)
    PeakRuns runs =
        new PeakRuns(
            Traffic.sample(
                r.workload().input(),
                r.workload().output(),
                settings.trafficSeed(),
                settings.simulatedRequests()),
            r.workload().peakArrivalsPerSecond());
    List<Supplier<List<Recommendation>>> jobs = new ArrayList<>();
    for (OllamaTag tag : offerings.tags()) {
      Optional<ModelPreset> preset = models.find(tag.preset());
      if (preset.isEmpty()) {
        excluded.add(
            new Advice.Excluded(
                new RecommendationId(RecommendationId.Provider.OLLAMA, tag.tag(), Optional.empty())
                    .format(),
                "preset " + tag.preset() + " is not in the model catalog"));
        continue;
      }
      jobs.add(
          () -> {
            // the tensor list and its count are the same for every device and every advice
            OllamaServed.Quantized q =
                quantized.computeIfAbsent(
                    tag, t -> OllamaServed.Quantized.of(t, preset.get().architecture()));
            Served served = local.ollama(tag, preset.get(), q);
            return options.stream()
                .map(option -> local.evaluate(served, preset.get(), option, r, runs))
                .toList();
          });
    }
    for (VllmModel m : offerings.vllmModels()) {
      Optional<ModelPreset> preset = models.find(m.preset());
      if (preset.isEmpty()) {
        excluded.add(
            new Advice.Excluded(
                new RecommendationId(
                        RecommendationId.Provider.VLLM, m.repository(), Optional.empty())
                    .format(),
                "preset " + m.preset() + " is not in the model catalog"));
        continue;
      }
      VllmServed served = VllmServed.of(m, preset.get(), vllm);
      jobs.add(
          () ->
              options.stream()
                  .filter(option -> served.runsOn(option.hardware()))
                  .map(option -> local.evaluate(served, preset.get(), option, r, runs))
                  .toList());
    }
    // Candidates are independent, so they spread over the cores; collecting in catalog order
    // keeps candidates that tie in the ranking in the same order on every run.
    all.addAll(jobs.parallelStream().flatMap(job -> job.get().stream()).toList());
    all = new ArrayList<>(EngineComparison.explain(all));
    all.sort(RANKING);
    String best = all.isEmpty() || !all.get(0).meetsAll() ? null : all.get(0).id().format();
    return new Advice(
        all,
        best,
        best == null ? Relaxations.suggest(all, r) : List.of(),
        BreakEvenAnalysis.ofLeaders(all, r),
        QualityCurve.of(all),
        excluded,
        summary(r),
        Advice.WorkloadFigures.of(r.workload()));
  }

  /**
   * What meets everything first, then fewest constraints missed; then cheapest, then lowest p95
   * (unbounded last), then best score (no score counts as zero).
   */
  static final Comparator<Recommendation> RANKING =
      Comparator.comparing((Recommendation x) -> !x.meetsAll())
          .thenComparingInt(Recommendation::violations)
          .thenComparing(x -> x.predicted().monthlyCost())
          .thenComparingDouble(Advisor::latencyOrInfinity)
          .thenComparingDouble(x -> x.quality().map(q -> -q).orElse(0.0));

  private static double latencyOrInfinity(Recommendation x) {
    return x.predicted().p95LatencyMs() == null
        ? Double.POSITIVE_INFINITY
        : x.predicted().p95LatencyMs();
  }

  private static List<String> summary(AdviceRequest r) {
    Workload w = r.workload();
    return List.of(
        f(
            "%,.0f requests a day over %.0f active hours: %.3f requests/s on average, %.3f/s at the %.1fx peak; %,.0f requests and %,.0f million tokens a month.",
            w.requestsPerDay(),
            w.activeHoursPerDay(),
            w.averageArrivalsPerSecond(),
            w.peakArrivalsPerSecond(),
            w.peakFactor(),
            w.requestsPerMonth(),
            w.tokensPerMonth() / 1e6),
        f(
            "Requests carry %,.0f prompt tokens (p95 %,.0f) and %,.0f output tokens (p95 %,.0f); %s.",
            w.input().mean(),
            w.input().p95(),
            w.output().mean(),
            w.output().p95(),
            w.parallel().isPresent()
                ? "local servers run "
                    + Wording.count(w.parallel().getAsInt(), "parallel slot")
                    + ", as the workload asks"
                : "the advisor chooses each local server's parallel slots"));
  }
}
