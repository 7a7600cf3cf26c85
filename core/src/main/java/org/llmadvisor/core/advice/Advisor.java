package org.llmadvisor.core.advice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.cost.CostModel;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.workload.LatencyResult;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.ServingSimulation;
import org.llmadvisor.core.workload.Workload;

/**
 * Enumerates deployments (Ollama tag × device, and cloud offerings), predicts latency under the
 * workload's peak load, cost and quality for each, checks the hard constraints, ranks what passes
 * (cheapest, then latency margin, then quality) and explains every candidate in words.
 */
public final class Advisor {

  /** Requests simulated per local candidate: enough for a stable p95 at modest cost. */
  static final int SIMULATED_REQUESTS = 2000;

  /** One traffic sample per advice, shared by every local candidate (common random numbers). */
  static final long TRAFFIC_SEED = 20231121L;

  /** System RAM assumed beside a GPU for layers that do not fit on it (ownership.json host). */
  static final ByteSize HOST_RAM = ByteSize.ofGiB(64);

  private final ModelCatalog models;
  private final HardwareCatalog hardware;
  private final OfferingCatalog offerings;
  private final Sizer sizer;

  public Advisor(
      ModelCatalog models, HardwareCatalog hardware, OfferingCatalog offerings, Sizer sizer) {
    this.models = models;
    this.hardware = hardware;
    this.offerings = offerings;
    this.sizer = sizer;
  }

  public static Advisor bundled() {
    return new Advisor(
        ModelCatalog.bundled(),
        HardwareCatalog.bundled(),
        OfferingCatalog.bundled(),
        Sizer.bundled());
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
    for (CloudOffering o : offerings.offerings()) {
      if (o.retiredOn().isPresent()) {
        excluded.add(
            new Advice.Excluded(
                o.id(), o.providerName() + " retired " + o.model() + " on " + o.retiredOn().get()));
        continue;
      }
      all.add(cloud(o, r));
    }
    List<HardwareOption> options =
        r.hardware().isEmpty() ? defaultHardware(r.allowRentedHardware()) : r.hardware();
    ServingSimulation.Traffic traffic =
        ServingSimulation.Traffic.sample(
            r.workload().input(), r.workload().output(), TRAFFIC_SEED, SIMULATED_REQUESTS);
    List<Supplier<List<Recommendation>>> jobs = new ArrayList<>();
    for (OllamaTag tag : offerings.tags()) {
      Optional<ModelPreset> preset = models.find(tag.preset());
      if (preset.isEmpty()) {
        excluded.add(
            new Advice.Excluded(
                "ollama/" + tag.tag(), "preset " + tag.preset() + " is not in the model catalog"));
        continue;
      }
      jobs.add(
          () -> {
            List<QuantizedTensor> ts = tag.quantization().apply(preset.get().architecture());
            List<Recommendation> out = new ArrayList<>();
            for (HardwareOption option : options) {
              out.add(local(tag, preset.get(), ts, option, r, traffic));
            }
            return out;
          });
    }
    // Candidates are independent, so they spread over the cores; collecting in catalog order
    // keeps candidates that tie in the ranking in the same order on every run.
    all.addAll(jobs.parallelStream().flatMap(job -> job.get().stream()).toList());
    all.sort(RANKING);
    String best = all.isEmpty() || !all.get(0).meetsAll() ? null : all.get(0).id();
    List<Advice.Relaxation> relax = best == null ? relax(all, r) : List.of();
    return new Advice(
        all, best, relax, breakEvens(all, r), qualityCurve(all), excluded, summary(r));
  }

  static final Comparator<Recommendation> RANKING =
      Comparator.comparing((Recommendation x) -> !x.meetsAll())
          .thenComparingInt(Recommendation::violations)
          .thenComparingDouble(x -> x.predicted().monthlyCostUsd())
          .thenComparingDouble(x -> latencyOrInfinity(x))
          .thenComparing(x -> x.quality() == null ? 0 : -x.quality());

  private static double latencyOrInfinity(Recommendation x) {
    return x.predicted().p95LatencyMs() == null
        ? Double.POSITIVE_INFINITY
        : x.predicted().p95LatencyMs();
  }

  private Recommendation cloud(CloudOffering o, AdviceRequest r) {
    Workload w = r.workload();
    List<String> reasons = new ArrayList<>();
    CostBreakdown cost = CostModel.cloud(o, w);
    Double ttft = o.timeToFirstTokenSeconds().map(s -> s * 1000).orElse(null);
    Double tps = o.outputTokensPerSecond().orElse(null);
    Double p50 = null;
    Double p95 = null;
    if (ttft != null && tps != null) {
      p50 = ttft + (w.output().mean() - 1) / tps * 1000;
      p95 = ttft + (w.output().p95() - 1) / tps * 1000;
      reasons.add(
          f(
              "%s %s: measured %.2f s to the first token and %.0f tokens/s (%s), so %,.0f output tokens take %,.0f ms at the median and %,.0f ms at p95; no queueing on a cloud API within its rate limits.",
              o.providerName(),
              o.model(),
              ttft / 1000,
              tps,
              shortSource(o.speedSource()),
              w.output().mean(),
              p50,
              p95));
    } else {
      reasons.add(
          f(
              "%s %s: no published measurement of its speed, so latency cannot be predicted; measure it with the chat API and the advisor will use the measured figure.",
              o.providerName(), o.model()));
    }
    boolean latencyOk = meetsLatency(r, p95, ttft);
    reasons.add(latencyReason(r, p95, ttft, latencyOk));

    boolean capacity = true;
    double peakRpm = w.peakArrivalsPerSecond() * 60;
    double peakTpm = peakRpm * (w.input().mean() + w.output().mean());
    if (o.rateLimits().isPresent()) {
      var rl = o.rateLimits().get();
      if (rl.requestsPerMinute().isPresent() && peakRpm > rl.requestsPerMinute().get()) {
        capacity = false;
        reasons.add(
            f(
                "The peak needs %,.0f requests a minute; %s allows %,d: over the rate limit.",
                peakRpm, rl.tier(), rl.requestsPerMinute().get()));
      }
      if (rl.tokensPerMinute().isPresent()) {
        long tpm = rl.tokensPerMinute().get();
        if (peakTpm > tpm) {
          capacity = false;
          reasons.add(
              f(
                  "The peak needs %,.0f tokens a minute; %s allows %,d: over the rate limit.",
                  peakTpm, rl.tier(), tpm));
        } else {
          reasons.add(
              f(
                  "Rate limits (%s): the peak uses %.0f%% of %,d tokens a minute.",
                  rl.tier(), 100 * peakTpm / tpm, tpm));
        }
      }
    } else {
      reasons.add(
          o.provider().equals("azure-openai")
              ? "Rate limits are your Azure deployment's quota; check it covers "
                  + f("%,.0f tokens a minute at peak.", peakTpm)
              : "No published rate limit for this model; check your account's tier.");
    }
    if (w.contextNeeded() > o.contextWindow() || w.output().p95() > o.maxOutputTokens()) {
      capacity = false;
      reasons.add(
          f(
              "A p95 request needs %,d tokens of context (%,.0f of output); %s has %,d (%,d output).",
              w.contextNeeded(),
              w.output().p95(),
              o.model(),
              o.contextWindow(),
              o.maxOutputTokens()));
    }
    boolean budgetOk = meetsBudget(r, cost);
    reasons.add(budgetReason(r, cost, budgetOk));
    Double quality = o.quality().map(Quality::score).orElse(null);
    boolean qualityOk = meetsQuality(r, quality);
    reasons.add(qualityReason(r, o.quality(), qualityOk));
    boolean local = !r.dataMustStayLocal();
    if (!local) {
      reasons.add(
          "Data must stay on the premises; "
              + o.providerName()
              + " processes prompts in its cloud.");
    }
    reasons.addAll(cost.basis());
    Predicted p =
        new Predicted(
            p50,
            p95,
            ttft,
            ttft,
            tps,
            cost.monthlyUsd(),
            cost.costPerMillionTokensUsd(),
            null,
            null,
            null,
            null);
    return new Recommendation(
        o.id(),
        "cloud",
        o.provider(),
        o.providerName() + " " + o.model(),
        o.model(),
        null,
        null,
        null,
        null,
        null,
        p,
        quality,
        null,
        latencyOk,
        budgetOk,
        qualityOk,
        local,
        capacity,
        reasons,
        cost);
  }

  private Recommendation local(
      OllamaTag tag,
      ModelPreset preset,
      List<QuantizedTensor> ts,
      HardwareOption option,
      AdviceRequest r,
      ServingSimulation.Traffic traffic) {
    Workload w = r.workload();
    Hardware hw = option.hardware();
    Architecture a = preset.architecture();
    String id = "ollama/" + tag.tag() + "@" + option.id();
    String name = preset.name() + " " + tag.quantization().name();
    List<String> reasons = new ArrayList<>();
    long needed = w.contextNeeded();
    long ctx = Math.max(4096, roundUp(needed, 1024));
    boolean capacity = true;
    if (needed > a.contextLength()) {
      capacity = false;
      reasons.add(
          f(
              "A p95 request needs %,d tokens of context; %s was trained for %,d.",
              needed, preset.name(), a.contextLength()));
      ctx = a.contextLength();
    }
    Sizing s =
        sizer.sizeWithoutBasis(
            new SizingRequest(
                a,
                tag.quantization().name(),
                ts,
                ctx,
                w.parallel(),
                KvCacheType.F16,
                hw,
                Math.round(w.input().mean()),
                Math.max(1, Math.round(w.output().mean()))));
    MemoryEstimate m = s.memory();
    ParameterCount params = s.parameters();
    reasons.add(memoryReason(name, hw, m, ctx, w.parallel()));
    if (!m.fits()) {
      ByteSize limit = hw.hasGpu() ? HOST_RAM : hw.memory();
      if (m.cpuBytes().isGreaterThan(limit)) {
        capacity = false;
        reasons.add(
            f(
                "The part left for system RAM (%.1f GiB) exceeds %s%.0f GiB: it cannot load.",
                m.cpuBytes().gib(), hw.hasGpu() ? "the host's assumed " : "", limit.gib()));
      }
    }
    double pp = s.speed().promptTokensPerSecond();
    Double p50 = null, p95 = null, ttft50 = null, ttft95 = null;
    double busyPerRequest;
    if (Double.isNaN(pp)) {
      capacity = false;
      reasons.add(
          hw.name()
              + " has no published FLOP/s figure, so prompt speed and latency cannot be predicted; add fp16Tflops to the hardware spec.");
      busyPerRequest = w.output().mean() * s.speed().generationMsPerToken() / 1000;
    } else {
      ServerModel server = ServerModel.of(s.speed(), w.parallel());
      double capacityRps = server.capacity(w.input().mean(), w.output().mean());
      double peak = w.peakArrivalsPerSecond();
      reasons.add(
          f(
              "Speed: prompt %,.0f tokens/s, generation %.1f tokens/s for one sequence, %.1f tokens/s each with %d sequences in a batch.",
              pp,
              s.speed().generationTokensPerSecond(),
              1 / server.stepSeconds(w.parallel()),
              w.parallel()));
      if (peak >= capacityRps) {
        reasons.add(
            f(
                "Overloaded: with %d parallel slots it completes at most %.2f requests/s; the peak brings %.2f/s, so the queue grows without bound.",
                w.parallel(), capacityRps, peak));
        busyPerRequest = 1 / capacityRps;
      } else {
        LatencyResult lr = ServingSimulation.simulate(server, peak, traffic);
        p50 = lr.p50EndToEndMs();
        p95 = lr.p95EndToEndMs();
        ttft50 = lr.p50TimeToFirstTokenMs();
        ttft95 = lr.p95TimeToFirstTokenMs();
        reasons.add(
            f(
                "Under load (%.2f requests/s at peak, %.0f%% busy, %.1f sequences per batch on average; %,d simulated requests): p50 %,.0f ms, p95 %,.0f ms end to end; first token p95 %,.0f ms.",
                peak, lr.utilization() * 100, lr.meanBatch(), lr.requests(), p50, p95, ttft95));
        double batch = Math.max(1, lr.meanBatch());
        busyPerRequest =
            w.input().mean() / pp
                + w.output().mean() * server.stepSeconds((int) Math.round(batch)) / batch;
      }
    }
    boolean latencyOk = capacity && meetsLatency(r, p95, ttft95);
    reasons.add(latencyReason(r, p95, ttft95, latencyOk));
    CostBreakdown cost = CostModel.local(option, w, busyPerRequest, offerings.ownership());
    boolean budgetOk = meetsBudget(r, cost);
    reasons.add(budgetReason(r, cost, budgetOk));
    Optional<Quality> q = offerings.quality(tag.preset());
    Double quality = q.map(Quality::score).orElse(null);
    boolean qualityOk = meetsQuality(r, quality);
    reasons.add(qualityReason(r, q, qualityOk));
    reasons.addAll(cost.basis());
    Predicted p =
        new Predicted(
            p50,
            p95,
            ttft50,
            ttft95,
            s.speed().generationTokensPerSecond(),
            cost.monthlyUsd(),
            cost.costPerMillionTokensUsd(),
            m.total().bytes(),
            m.fits(),
            m.gpuLayers(),
            m.totalLayers());
    return new Recommendation(
        id,
        "local",
        "ollama",
        name,
        tag.tag(),
        tag.preset(),
        tag.quantization().name(),
        hw.name(),
        hw.id(),
        option.acquisition().name().toLowerCase(Locale.ROOT),
        p,
        quality,
        params.total(),
        latencyOk,
        budgetOk,
        qualityOk,
        true,
        capacity,
        reasons,
        cost);
  }

  private static String memoryReason(
      String name, Hardware hw, MemoryEstimate m, long ctx, int parallel) {
    String need =
        f(
            "%s needs %.1f GB (%.1f GB weights, %.1f GB KV cache for %,d tokens x %d, %.1f GB buffers and reserve)",
            name,
            m.total().gb(),
            m.weights().gb(),
            m.kvCache().gb(),
            ctx,
            parallel,
            (m.computeBuffer().bytes() + m.overhead().bytes()) / 1e9);
    if (!hw.hasGpu()) {
      return need
          + f(
              "; %s has %.0f GB of RAM: %s.",
              hw.name(), hw.memory().gb(), m.fits() ? "it fits" : "it does not fit");
    }
    if (m.fits()) {
      return need
          + f(
              "; the %s offers %.1f GB: all %d layers on the GPU.",
              hw.name(), m.deviceCapacity().gb(), m.totalLayers());
    }
    return need
        + f(
            "; the %s offers %.1f GB: %d of %d layers would run on the CPU.",
            hw.name(), m.deviceCapacity().gb(), m.cpuLayers(), m.totalLayers());
  }

  private static boolean meetsLatency(AdviceRequest r, Double p95, Double ttft95) {
    Double v = r.latencyTarget() == LatencyTarget.FIRST_TOKEN ? ttft95 : p95;
    return v != null && v <= r.latencyTargetMs();
  }

  private static String latencyReason(AdviceRequest r, Double p95, Double ttft95, boolean ok) {
    boolean first = r.latencyTarget() == LatencyTarget.FIRST_TOKEN;
    Double v = first ? ttft95 : p95;
    String what = first ? "time to first token" : "end-to-end latency";
    if (v == null) {
      return f(
          "Misses the %,.0f ms p95 %s target: latency cannot be bounded.",
          r.latencyTargetMs(), what);
    }
    return ok
        ? f(
            "Meets the %,.0f ms p95 %s target with %,.0f ms to spare.",
            r.latencyTargetMs(), what, r.latencyTargetMs() - v)
        : f(
            "Misses the %,.0f ms p95 %s target by %,.0f ms.",
            r.latencyTargetMs(), what, v - r.latencyTargetMs());
  }

  private static boolean meetsBudget(AdviceRequest r, CostBreakdown c) {
    return r.monthlyBudgetUsd().map(b -> c.monthlyUsd() <= b).orElse(true);
  }

  private static String budgetReason(AdviceRequest r, CostBreakdown c, boolean ok) {
    if (r.monthlyBudgetUsd().isEmpty()) {
      return f(
          "Costs $%,.2f a month ($%.3f per million tokens); no budget set.",
          c.monthlyUsd(), c.costPerMillionTokensUsd());
    }
    double b = r.monthlyBudgetUsd().get();
    return ok
        ? f(
            "Costs $%,.2f a month ($%.3f per million tokens), within the $%,.0f budget.",
            c.monthlyUsd(), c.costPerMillionTokensUsd(), b)
        : f(
            "Costs $%,.2f a month ($%.3f per million tokens), over the $%,.0f budget by $%,.2f.",
            c.monthlyUsd(), c.costPerMillionTokensUsd(), b, c.monthlyUsd() - b);
  }

  private static boolean meetsQuality(AdviceRequest r, Double q) {
    return r.qualityFloor().map(floor -> q != null && q >= floor).orElse(true);
  }

  private static String qualityReason(AdviceRequest r, Optional<Quality> q, boolean ok) {
    if (q.isEmpty()) {
      return r.qualityFloor().isPresent()
          ? f(
              "No published MMLU score, so the quality floor of %.1f cannot be confirmed.",
              r.qualityFloor().get())
          : "No published MMLU score.";
    }
    Quality x = q.get();
    String base = f("%s %.1f (%s)", x.benchmark(), x.score(), shortSource(x.source()));
    if (r.qualityFloor().isEmpty()) {
      return base + ".";
    }
    return base
        + (ok
            ? f(", at or above the floor of %.1f.", r.qualityFloor().get())
            : f(", below the floor of %.1f.", r.qualityFloor().get()));
  }

  private static List<Advice.Relaxation> relax(List<Recommendation> all, AdviceRequest r) {
    List<Advice.Relaxation> out = new ArrayList<>();
    pick(
            all,
            x -> x.meetsLatency() && x.meetsQuality() && x.meetsDataLocality() && x.meetsCapacity(),
            Comparator.comparingDouble(x -> x.predicted().monthlyCostUsd()))
        .ifPresent(
            x ->
                out.add(
                    new Advice.Relaxation(
                        "monthlyBudgetUsd",
                        round2(x.predicted().monthlyCostUsd()),
                        x.id(),
                        f(
                            "Raise the monthly budget to $%,.2f: %s then meets every other target.",
                            x.predicted().monthlyCostUsd(), x.model() + hwSuffix(x)))));
    String latencyField =
        r.latencyTarget() == LatencyTarget.FIRST_TOKEN ? "first token" : "end-to-end";
    pick(
            all,
            x ->
                x.meetsBudget()
                    && x.meetsQuality()
                    && x.meetsDataLocality()
                    && x.meetsCapacity()
                    && latencyValue(x, r) != null,
            Comparator.comparingDouble(x -> latencyValue(x, r)))
        .ifPresent(
            x ->
                out.add(
                    new Advice.Relaxation(
                        "latencyTargetMs",
                        Math.ceil(latencyValue(x, r)),
                        x.id(),
                        f(
                            "Relax the p95 %s target to %,.0f ms: %s then meets every other target.",
                            latencyField,
                            Math.ceil(latencyValue(x, r)),
                            x.model() + hwSuffix(x)))));
    if (r.qualityFloor().isPresent()) {
      pick(
              all,
              x ->
                  x.meetsBudget()
                      && x.meetsLatency()
                      && x.meetsDataLocality()
                      && x.meetsCapacity()
                      && x.quality() != null,
              Comparator.comparingDouble((Recommendation x) -> -x.quality()))
          .ifPresent(
              x ->
                  out.add(
                      new Advice.Relaxation(
                          "qualityFloor",
                          x.quality(),
                          x.id(),
                          f(
                              "Lower the quality floor to %.1f: %s then meets every other target.",
                              x.quality(), x.model() + hwSuffix(x)))));
    }
    if (r.dataMustStayLocal()) {
      pick(
              all,
              x -> x.meetsBudget() && x.meetsLatency() && x.meetsQuality() && x.meetsCapacity(),
              Comparator.comparingDouble(x -> x.predicted().monthlyCostUsd()))
          .ifPresent(
              x ->
                  out.add(
                      new Advice.Relaxation(
                          "dataMustStayLocal",
                          0,
                          x.id(),
                          f(
                              "Allow data to leave the premises: %s meets every other target at $%,.2f a month.",
                              x.model(), x.predicted().monthlyCostUsd()))));
    }
    if (out.isEmpty()) {
      out.add(
          new Advice.Relaxation(
              "none",
              0,
              null,
              "No single constraint can be relaxed to admit a candidate; relax latency and budget together, or add hardware."));
    }
    return out;
  }

  private static Double latencyValue(Recommendation x, AdviceRequest r) {
    return r.latencyTarget() == LatencyTarget.FIRST_TOKEN
        ? x.predicted().p95TimeToFirstTokenMs()
        : x.predicted().p95LatencyMs();
  }

  private static Optional<Recommendation> pick(
      List<Recommendation> all, Predicate<Recommendation> ok, Comparator<Recommendation> by) {
    return all.stream().filter(ok).min(by);
  }

  private static String hwSuffix(Recommendation x) {
    return x.hardware() == null
        ? ""
        : " on "
            + x.hardware()
            + (x.acquisition().equals("owned") ? "" : " (" + x.acquisition() + ")");
  }

  private static List<Advice.BreakEven> breakEvens(List<Recommendation> all, AdviceRequest r) {
    Optional<Recommendation> local = leader(all, "local");
    Optional<Recommendation> cloud = leader(all, "cloud");
    List<Advice.BreakEven> out = new ArrayList<>();
    if (local.isPresent() && cloud.isPresent()) {
      out.add(breakEven(local.get(), cloud.get(), r.workload()));
    }
    return out;
  }

  /** The best-ranked candidate of a kind that at least has bounded latency. */
  private static Optional<Recommendation> leader(List<Recommendation> all, String kind) {
    return all.stream()
        .filter(
            x -> x.kind().equals(kind) && x.meetsCapacity() && x.predicted().p95LatencyMs() != null)
        .findFirst()
        .or(() -> all.stream().filter(x -> x.kind().equals(kind)).findFirst());
  }

  static Advice.BreakEven breakEven(Recommendation a, Recommendation b, Workload w) {
    OptionalDouble v = CostModel.breakEven(a.cost(), b.cost());
    if (v.isEmpty()) {
      Recommendation cheaper =
          a.cost().atVolume(w.requestsPerMonth()) <= b.cost().atVolume(w.requestsPerMonth())
              ? a
              : b;
      return new Advice.BreakEven(
          a.id(),
          b.id(),
          null,
          f("Never: %s is cheaper at every volume.", cheaper.model() + hwSuffix(cheaper)));
    }
    double req = v.getAsDouble();
    Recommendation belowCheaper = a.cost().atVolume(req / 2) <= b.cost().atVolume(req / 2) ? a : b;
    Recommendation other = belowCheaper == a ? b : a;
    return new Advice.BreakEven(
        a.id(),
        b.id(),
        round2(req),
        f(
            "They cost the same at %,.0f requests a month (%,.0f a day): below it %s is cheaper, above it %s.",
            req,
            req / Workload.DAYS_PER_MONTH,
            belowCheaper.model() + hwSuffix(belowCheaper),
            other.model() + hwSuffix(other)));
  }

  private static List<Advice.QualityPoint> qualityCurve(List<Recommendation> all) {
    Map<String, Recommendation> cheapestPerModel = new LinkedHashMap<>();
    for (Recommendation x : all) {
      if (x.quality() == null) {
        continue;
      }
      String key = x.kind().equals("local") ? x.preset() : x.modelId();
      Recommendation cur = cheapestPerModel.get(key);
      if (cur == null
          || x.predicted().costPerMillionTokensUsd() < cur.predicted().costPerMillionTokensUsd()) {
        cheapestPerModel.put(key, x);
      }
    }
    return cheapestPerModel.values().stream()
        .map(
            x ->
                new Advice.QualityPoint(
                    x.id(),
                    x.model(),
                    x.parameters(),
                    x.quality(),
                    round2(x.predicted().costPerMillionTokensUsd())))
        .sorted(Comparator.comparingDouble(Advice.QualityPoint::quality))
        .toList();
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
            "Requests carry %,.0f prompt tokens (p95 %,.0f) and %,.0f output tokens (p95 %,.0f); local servers run %d parallel slots.",
            w.input().mean(), w.input().p95(), w.output().mean(), w.output().p95(), w.parallel()));
  }

  private static String shortSource(String s) {
    if (s == null) {
      return "source not recorded";
    }
    int cut = s.indexOf(' ', 60);
    return cut < 0 ? s : s.substring(0, cut) + " ...";
  }

  private static long roundUp(long v, long step) {
    return (v + step - 1) / step * step;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
