package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.cost.CostModel;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.cost.ServerPrice;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.memory.RecipeRevision;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.UsdAmount;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.FleetLatencyResult;
import org.llmadvisor.core.workload.LatencyResult;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.Workload;

/**
 * Evaluates an Ollama tag on one hardware option: sizes memory for the context the workload needs,
 * predicts latency at the peak by simulating the server's batches, and prices the hardware and the
 * energy the requests use. Hardware to buy or rent is searched for its cheapest shape: the fewest
 * GPUs per server (1, 2, 4, 8, where a host or an instance takes that many) that hold the whole
 * model, then the fewest servers behind the balancer that meet the latency target at the peak.
 * Owned hardware is the one device the team has.
 */
final class LocalCandidateEvaluator {

  /** System RAM assumed beside a GPU for layers that do not fit on it (ownership.json host). */
  static final ByteSize HOST_RAM = ByteSize.ofGiB(64);

  private final Sizer sizer;
  private final OfferingCatalog offerings;

  LocalCandidateEvaluator(Sizer sizer, OfferingCatalog offerings) {
    this.sizer = sizer;
    this.offerings = offerings;
  }

  /**
   * What a tag is on every device: its tensors as its file holds them, their parameter count and
   * the note on its recipe's revision. Computed once per tag and advice rather than per device.
   */
  record Quantized(
      List<QuantizedTensor> tensors, Sizer.Counted counted, Optional<String> revisionNote) {

    static Quantized of(OllamaTag tag, Architecture arch) {
      // with the recipes of the day its file was made; copied once, so that no request copies it
      List<QuantizedTensor> ts = List.copyOf(tag.quantization().apply(arch, tag.revision()));
      return new Quantized(ts, Sizer.Counted.of(arch, ts), revisionReason(tag, arch, ts));
    }
  }

  Recommendation evaluate(
      OllamaTag tag,
      ModelPreset preset,
      Quantized quantized,
      HardwareOption option,
      AdviceRequest r,
      PeakRuns runs) {
    Workload w = r.workload();
    Hardware hw = option.hardware();
    Architecture arch = preset.architecture();
    String name = preset.name() + " " + tag.quantization().name();
    Assessment a = new Assessment();
    long needed = w.contextNeeded();
    contextTooLong(needed, preset).ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    long ctx = ContextWindow.forRequests(needed, arch.contextLength());
    Ownership own = offerings.ownership();
    ServerPrice price =
        ServerPrice.of(option, 1, own)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        option.id() + " has no purchase price or hourly rate to price it by"));
    Sizing s = size(tag, quantized, arch, ctx, w, hw, 1);
    if (!s.memory().fits() && option.acquisition() != Acquisition.OWNED) {
      // the fewest GPUs per server that hold the whole model: more only add memory, not speed
      long weights = s.memory().weights().bytes();
      for (int d : MULTI_DEVICE) {
        Optional<ServerPrice> p = ServerPrice.of(option, d, own);
        if (p.isEmpty() || weights > d * s.memory().deviceCapacity().bytes()) {
          continue;
        }
        Sizing sd = size(tag, quantized, arch, ctx, w, hw, d);
        if (sd.memory().fits()) {
          s = sd;
          price = p.get();
          break;
        }
      }
    }
    MemoryEstimate m = s.memory();
    a.note(memoryReason(name, hw, m, ctx, w.parallel()));
    quantized.revisionNote().ifPresent(a::note);
    overflow(hw, m).ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    Load single = load(s, hw, w, runs);
    Load load = single;
    DeploymentShape shape = new DeploymentShape(1, m.devices());
    if (option.acquisition() != Acquisition.OWNED
        && a.meets(Constraint.CAPACITY)
        && single.unservable().isEmpty()
        && !ConstraintChecks.latency(r, single.p95(), single.ttft95(), true).ok()) {
      List<String> searched = new ArrayList<>();
      double serverMonthly =
          price.acquisition() == Acquisition.RENT
              ? price.usd() * CostModel.HOURS_PER_MONTH
              : price.usd() / own.amortizationMonths();
      Optional<Load> fleet = replicas(s, hw, m.devices(), r, runs, single, serverMonthly, searched);
      if (fleet.isPresent()) {
        load = fleet.get();
        shape = new DeploymentShape(load.replicas(), m.devices());
      }
      a.notes(searched);
    }
    load.unservable().ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    a.notes(load.notes());
    a.judge(
        Constraint.LATENCY,
        ConstraintChecks.latency(r, load.p95(), load.ttft95(), a.meets(Constraint.CAPACITY)));
    CostBreakdown cost =
        CostModel.fleet(option, price, shape, w, load.busySecondsPerRequest(), own);
    a.judge(Constraint.BUDGET, ConstraintChecks.budget(r, cost));
    var quality = offerings.quality(tag.preset());
    a.judge(Constraint.QUALITY, ConstraintChecks.quality(r, quality));
    a.notes(cost.basis());
    Predicted p =
        new Predicted(
            load.p50(),
            load.p95(),
            load.ttft50(),
            load.ttft95(),
            s.speed().generationTokensPerSecond(),
            UsdAmount.of(cost.monthlyUsd()),
            UsdAmount.of(cost.costPerMillionTokensUsd()),
            load.utilization(),
            load.meanBatch());
    LocalDeployment local =
        new LocalDeployment(
            tag.preset(),
            tag.quantization().name(),
            hw.name(),
            hw.id(),
            option.acquisition(),
            s.parameters().total(),
            new LocalDeployment.MemoryPlacement(
                m.total(), m.fits(), m.gpuLayers(), m.totalLayers(), ctx),
            shape);
    return new Recommendation(
        RecommendationId.ollama(tag.tag(), hw.id(), option.acquisition(), shape),
        "ollama",
        name,
        tag.tag(),
        Optional.of(local),
        p,
        quality.map(q -> q.score()),
        a.unmet(),
        a.reasons(),
        cost);
  }

  /** Devices per server tried, in order, when the model does not fit on one. */
  static final int[] MULTI_DEVICE = {2, 4, 8};

  /** The most servers a fleet is searched up to. */
  static final int MAX_REPLICAS = 64;

  private Sizing size(
      OllamaTag tag,
      Quantized quantized,
      Architecture arch,
      long ctx,
      Workload w,
      Hardware hw,
      int devices) {
    return sizer.sizeWithoutBasis(
        new SizingRequest(
            arch,
            tag.quantization().name(),
            quantized.tensors(),
            ctx,
            w.parallel(),
            KvCacheType.F16,
            hw,
            Math.round(w.input().mean()),
            Math.max(1, Math.round(w.output().mean())),
            devices,
            Optional.of(tag.revision())),
        quantized.counted());
  }

  /**
   * The fewest servers that meet the latency target at the peak, or empty when more servers cannot
   * help (a request alone on an idle server already misses the target, or even {@link
   * #MAX_REPLICAS} do not meet it) or cannot be afforded (the fewest servers that keep up with the
   * peak already cost more than the budget: then {@code notes} says so). The search starts where
   * the servers would be at most 80% busy on average and bisects down to the fewest that still meet
   * the target, or goes up in doubling steps, stopping when another server no longer brings the
   * tail down.
   *
   * @param serverMonthlyUsd what one server's hardware costs a month, a lower bound of its cost
   */
  static Optional<Load> replicas(
      Sizing s,
      Hardware hw,
      int devices,
      AdviceRequest r,
      PeakRuns runs,
      Load single,
      double serverMonthlyUsd,
      List<String> notes) {
    Workload w = r.workload();
    ServerModel server = ServerModel.of(s.speed(), w.parallel());
    double pp = s.speed().promptTokensPerSecond();
    boolean first = r.latencyTarget() == LatencyTarget.FIRST_TOKEN;
    double aloneMs =
        1000
            * (w.input().p95() / pp
                + (first ? 1 : Math.max(1, w.output().p95())) * server.stepSeconds(1));
    if (aloneMs > r.latencyTargetMs()) {
      return Optional.empty();
    }
    double capacity = server.capacity(w.input().mean(), w.output().mean());
    double peak = w.peakArrivalsPerSecond();
    int least = Math.max(2, (int) Math.floor(peak / capacity) + 1);
    if (r.monthlyBudgetUsd().isPresent() && least * serverMonthlyUsd > r.monthlyBudgetUsd().get()) {
      notes.add(
          f(
              "Keeping up with the peak takes at least %d such servers (%.2f requests/s each at most); their hardware alone costs $%,.0f a month, over the $%,.0f budget, so no fleet was searched.",
              least, capacity, least * serverMonthlyUsd, r.monthlyBudgetUsd().get()));
      return Optional.empty();
    }
    int start = Math.max(least, (int) Math.ceil(peak / (0.8 * capacity)));
    if (start > MAX_REPLICAS) {
      return Optional.empty();
    }
    // the fewest that keep up often meet the target already (short requests, a loose target): one
    // run then answers, where a search would have run several
    Optional<FleetLatencyResult> fewest = runs.runIfMeets(server, least, r);
    if (fewest.isPresent()) {
      return Optional.of(fleet(s, server, hw, devices, fewest.get(), w, single));
    }
    FleetLatencyResult at = runs.run(server, start);
    int lo;
    int hi;
    FleetLatencyResult ok;
    if (PeakRuns.meets(r, at)) {
      lo = least + 1;
      hi = start;
      ok = at;
    } else {
      int failed = start;
      FleetLatencyResult fail = at;
      int step = 1;
      while (true) {
        int n = failed + step;
        if (n > MAX_REPLICAS) {
          return Optional.empty();
        }
        FleetLatencyResult more = runs.run(server, n);
        if (PeakRuns.meets(r, more)) {
          lo = failed + 1;
          hi = n;
          ok = more;
          break;
        }
        if (more.latency().p95EndToEndMs() > 0.98 * fail.latency().p95EndToEndMs()) {
          // no longer queueing: another server does not bring the tail down
          return Optional.empty();
        }
        failed = n;
        fail = more;
        step *= 2;
      }
    }
    // the fewest in [lo, hi] that meet the target; hi does. A step that misses is not used
    // further, so its run stops as soon as it is certain to miss
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Optional<FleetLatencyResult> m = runs.runIfMeets(server, mid, r);
      if (m.isPresent()) {
        hi = mid;
        ok = m.get();
      } else {
        lo = mid + 1;
      }
    }
    return Optional.of(fleet(s, server, hw, devices, ok, w, single));
  }

  /** Servers behind the balancer under the peak load, as {@code fr} ran them. */
  static Load fleet(
      Sizing s,
      ServerModel server,
      Hardware hw,
      int devices,
      FleetLatencyResult fr,
      Workload w,
      Load single) {
    double pp = s.speed().promptTokensPerSecond();
    double peak = w.peakArrivalsPerSecond();
    int replicas = fr.replicas();
    LatencyResult lr = fr.latency();
    List<String> notes = new ArrayList<>();
    notes.add(single.notes().get(0));
    double lo = fr.serverUtilization().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double hi = fr.maxUtilization();
    String busy =
        Math.round(hi * 100) == Math.round(lo * 100)
            ? f("each %.0f%% busy", hi * 100)
            : f("each %.0f-%.0f%% busy", lo * 100, hi * 100);
    String alone =
        single.p95() == null
            ? f(
                "queue without bound (it completes at most %.2f requests/s)",
                server.capacity(w.input().mean(), w.output().mean()))
            : f("queue to p95 %,.0f ms", single.p95());
    notes.add(
        f(
            "%s, %s at peak (%.2f requests/s shared by least outstanding requests, %.1f sequences per batch on average; %,d simulated requests): p50 %,.0f ms, p95 %,.0f ms end to end; first token p95 %,.0f ms. One server alone would %s.",
            new DeploymentShape(replicas, devices).describe(hw.name()),
            busy,
            peak,
            lr.meanBatch(),
            lr.requests(),
            lr.p50EndToEndMs(),
            lr.p95EndToEndMs(),
            lr.p95TimeToFirstTokenMs(),
            alone));
    double busySeconds = busySecondsPerRequest(w, pp, server, lr.meanBatch());
    return new Load(
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p50TimeToFirstTokenMs(),
        lr.p95TimeToFirstTokenMs(),
        busySeconds,
        Optional.empty(),
        notes,
        replicas,
        hi,
        lr.meanBatch());
  }

  static Optional<Verdict> contextTooLong(long needed, ModelPreset preset) {
    long trained = preset.architecture().contextLength();
    return needed > trained
        ? Optional.of(
            Verdict.fail(
                f(
                    "A p95 request needs %,d tokens of context; %s was trained for %,d.",
                    needed, preset.name(), trained)))
        : Optional.empty();
  }

  /**
   * Where the tag's file was made with recipes that have changed since, the weights it holds
   * against what today's recipe gives: Llama 2's Q2_K tags of 2023 are larger than a Q2_K made now.
   */
  static Optional<String> revisionReason(
      OllamaTag tag, Architecture arch, List<QuantizedTensor> tensors) {
    RecipeRevision then = tag.revision();
    if (then.isLatest()) {
      return Optional.empty();
    }
    long made = tensors.stream().mapToLong(QuantizedTensor::bytes).sum();
    long today = tag.quantization().apply(arch).stream().mapToLong(QuantizedTensor::bytes).sum();
    if (made == today) {
      return Optional.empty();
    }
    return Optional.of(
        f(
            "%s was quantized about %s, with llama.cpp's %s recipe of %s (%s): %.2f GiB of weights, where today's recipe gives %.2f GiB.",
            tag.tag(),
            tag.quantizedOn().orElseThrow(),
            tag.quantization().name(),
            then.from(),
            then.change(),
            made / (double) (1L << 30),
            today / (double) (1L << 30)));
  }

  /**
   * Layers that do not fit on the device run from system RAM; beyond that the model cannot load.
   */
  static Optional<Verdict> overflow(Hardware hw, MemoryEstimate m) {
    if (m.fits()) {
      return Optional.empty();
    }
    ByteSize limit = hw.hasGpu() ? HOST_RAM : hw.memory();
    if (!m.cpuBytes().isGreaterThan(limit)) {
      return Optional.empty();
    }
    return Optional.of(
        Verdict.fail(
            f(
                "The part left for system RAM (%.1f GiB) exceeds %s%.0f GiB: it cannot load.",
                m.cpuBytes().gib(), hw.hasGpu() ? "the host's assumed " : "", limit.gib())));
  }

  /**
   * The server under the peak load.
   *
   * @param unservable present when latency cannot be predicted at all
   * @param busySecondsPerRequest how long a request keeps its server working, for the energy cost
   * @param replicas servers sharing the peak
   * @param utilization the busiest server's fraction of time serving; null when speed is unknown
   * @param meanBatch sequences decoding together on average; null when speed is unknown
   */
  record Load(
      Double p50,
      Double p95,
      Double ttft50,
      Double ttft95,
      double busySecondsPerRequest,
      Optional<Verdict> unservable,
      List<String> notes,
      int replicas,
      Double utilization,
      Double meanBatch) {

    Load(
        Double p50,
        Double p95,
        Double ttft50,
        Double ttft95,
        double busySecondsPerRequest,
        Optional<Verdict> unservable,
        List<String> notes,
        Double utilization,
        Double meanBatch) {
      this(
          p50,
          p95,
          ttft50,
          ttft95,
          busySecondsPerRequest,
          unservable,
          notes,
          1,
          utilization,
          meanBatch);
    }
  }

  /**
   * Without a FLOP/s figure prompt speed is unknown, so only generation time is counted as busy. An
   * overloaded server has no bounded latency and is busy all the time at its capacity. Otherwise
   * the batches are simulated and a request's busy time is its prompt plus its share of a batch.
   */
  static Load load(Sizing s, Hardware hw, Workload w, PeakRuns runs) {
    double pp = s.speed().promptTokensPerSecond();
    if (Double.isNaN(pp)) {
      return new Load(
          null,
          null,
          null,
          null,
          w.output().mean() * s.speed().generationMsPerToken() / 1000,
          Optional.of(
              Verdict.fail(
                  hw.name()
                      + " has no published FLOP/s figure, so prompt speed and latency cannot be predicted; add fp16Tflops to the hardware spec.")),
          List.of(),
          null,
          null);
    }
    List<String> notes = new ArrayList<>();
    ServerModel server = ServerModel.of(s.speed(), w.parallel());
    double capacityRps = server.capacity(w.input().mean(), w.output().mean());
    double peak = w.peakArrivalsPerSecond();
    notes.add(
        f(
            "Speed: prompt %,.0f tokens/s, generation %.1f tokens/s for one sequence%s.",
            pp,
            s.speed().generationTokensPerSecond(),
            w.parallel() == 1
                ? " (one parallel slot)"
                : f(
                    ", %.1f tokens/s each with %d sequences in a batch",
                    1 / server.stepSeconds(w.parallel()), w.parallel())));
    if (peak >= capacityRps) {
      notes.add(
          f(
              "Overloaded: with %s it completes at most %.2f requests/s; the peak brings %.2f/s, so the queue grows without bound.",
              Wording.count(w.parallel(), "parallel slot"), capacityRps, peak));
      // every slot stays full while the queue grows
      return new Load(
          null,
          null,
          null,
          null,
          1 / capacityRps,
          Optional.empty(),
          notes,
          1.0,
          (double) w.parallel());
    }
    LatencyResult lr = runs.run(server, 1).latency();
    notes.add(
        f(
            "Under load (%.2f requests/s at peak, %.0f%% busy, %.1f sequences per batch on average; %,d simulated requests): p50 %,.0f ms, p95 %,.0f ms end to end; first token p95 %,.0f ms.",
            peak,
            lr.utilization() * 100,
            lr.meanBatch(),
            lr.requests(),
            lr.p50EndToEndMs(),
            lr.p95EndToEndMs(),
            lr.p95TimeToFirstTokenMs()));
    double busy = busySecondsPerRequest(w, pp, server, lr.meanBatch());
    return new Load(
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p50TimeToFirstTokenMs(),
        lr.p95TimeToFirstTokenMs(),
        busy,
        Optional.empty(),
        notes,
        lr.utilization(),
        lr.meanBatch());
  }

  static String memoryReason(String name, Hardware hw, MemoryEstimate m, long ctx, int parallel) {
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
    if (m.devices() > 1) {
      return need
          + f(
              "; %d x %s offer %d x %.1f GB: all %d layers on the GPUs, split by layer as llama.cpp's layer split mode does (the fullest holds %.1f GB).",
              m.devices(),
              hw.name(),
              m.devices(),
              m.deviceCapacity().gb(),
              m.totalLayers(),
              m.largestDeviceBytes().gb());
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

  /**
   * How long one request keeps its server working: its prompt at the prompt rate, then its share of
   * the decode steps it ran in, batched with the average batch.
   */
  private static double busySecondsPerRequest(
      Workload w, double promptTokensPerSecond, ServerModel server, double meanBatch) {
    double batch = Math.max(1, meanBatch);
    return w.input().mean() / promptTokensPerSecond
        + w.output().mean() * server.stepSeconds((int) Math.round(batch)) / batch;
  }
}
