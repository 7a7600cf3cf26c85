package org.llmadvisor.core.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
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
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.UsdAmount;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.Workload;

/**
 * Evaluates an Ollama tag on one hardware option: sizes memory for the context the workload needs,
 * predicts latency at the peak by simulating the server's batches, and prices the hardware and the
 * energy the requests use. Hardware to buy or rent is searched for its cheapest shape: the fewest
 * devices per server that hold the whole model ({@link DeviceCountSearch}), then the fewest servers
 * behind the balancer that meet the latency target at the peak ({@link FleetSizer}), for each count
 * of parallel slots per server the {@link SlotSearch} tries when the workload leaves them open.
 * Owned hardware is searched the same way within the devices the team has: all in one server, or
 * one server each, at the energy they use.
 */
final class LocalCandidateEvaluator {

  private final Sizer sizer;
  private final OfferingCatalog offerings;
  private final ByteSize hostRam;
  private final DeviceCountSearch devices;
  private final FleetSizer fleets;
  private final SlotSearch slots;
  private final int settingsMaxReplicas;

  LocalCandidateEvaluator(Sizer sizer, OfferingCatalog offerings, AdvisorSettings settings) {
    this.sizer = sizer;
    this.offerings = offerings;
    this.hostRam = settings.hostRam();
    this.devices = new DeviceCountSearch(settings.devicesPerServer());
    this.fleets = new FleetSizer(settings.maxReplicas());
    this.slots = new SlotSearch(settings.maxParallelSlots());
    this.settingsMaxReplicas = settings.maxReplicas();
  }

  /** An Ollama tag, its tensors counted once per advice by the caller. */
  Served ollama(OllamaTag tag, ModelPreset preset, OllamaServed.Quantized quantized) {
    return new OllamaServed(tag, preset, quantized, sizer, hostRam);
  }

  Recommendation evaluate(
      Served served, ModelPreset preset, HardwareOption option, AdviceRequest r, PeakRuns runs) {
    Workload w = r.workload();
    long ctx = ContextWindow.forRequests(w.contextNeeded(), preset.architecture().contextLength());
    Ownership own = offerings.ownership();
    Hardware hw = option.hardware();
    Function<IntFunction<DeviceCountSearch.Choice>, SlotSearch.Candidate> sized =
        server -> candidate(served, preset, option, r, runs, ctx, server);
    SlotSearch.Choice c;
    if (w.parallel().isPresent()) {
      int n = w.parallel().getAsInt();
      c =
          SlotSearch.given(
              sized.apply(k -> devices.fewest(option, own, d -> served.size(ctx, k, w, hw, d))), n);
    } else {
      // the devices that hold the model with one slot; more slots fill them, not more devices
      DeviceCountSearch.Choice one =
          devices.fewest(option, own, d -> served.size(ctx, 1, w, hw, d));
      int d = one.sizing().memory().devices();
      c =
          slots.search(
              sized.apply(
                  k ->
                      k == 1
                          ? one
                          : new DeviceCountSearch.Choice(
                              served.size(ctx, k, w, hw, d), one.price())),
              w.peakArrivalsPerSecond(),
              option.acquisition() != Acquisition.OWNED);
    }
    SlotSearch.Trial t = c.best();
    Recommendation rec = t.candidate();
    List<String> reasons = new ArrayList<>(rec.reasons());
    reasons.addAll(t.reasonsAt(), LocalReasons.slots(c, ctx, hw, r, served));
    return new Recommendation(
        rec.id(),
        rec.provider(),
        rec.model(),
        rec.modelId(),
        rec.local(),
        rec.predicted(),
        rec.quality(),
        rec.unmet(),
        reasons,
        rec.cost());
  }

  /** The candidate as the slot search sizes and runs it, its servers chosen by {@code server}. */
  private SlotSearch.Candidate candidate(
      Served served,
      ModelPreset preset,
      HardwareOption option,
      AdviceRequest r,
      PeakRuns runs,
      long ctx,
      IntFunction<DeviceCountSearch.Choice> server) {
    Workload w = r.workload();
    return new SlotSearch.Candidate() {
      @Override
      public SlotSearch.Server size(int slots) {
        DeviceCountSearch.Choice choice = server.apply(slots);
        Sizing s = choice.sizing();
        ServerModel model = ServerModel.of(s.speed(), slots);
        boolean timed = !Double.isNaN(s.speed().promptTokensPerSecond());
        double in = w.input().mean();
        double out = w.output().mean();
        return new SlotSearch.Server(
            slots,
            s.memory(),
            timed ? model.capacity(in, out) : 0,
            timed ? ServerModel.of(s.speed(), 1).capacity(in, out) : 0,
            model.stepSeconds(slots) * 1000,
            model.stepSeconds(1) * 1000,
            choice);
      }

      @Override
      public SlotSearch.Trial run(SlotSearch.Server server) {
        return trial(served, preset, option, r, runs, ctx, server);
      }
    };
  }

  /** The candidate with {@code server}'s parallel slots, its fleet searched. */
  private SlotSearch.Trial trial(
      Served served,
      ModelPreset preset,
      HardwareOption option,
      AdviceRequest r,
      PeakRuns runs,
      long ctx,
      SlotSearch.Server sized) {
    Workload w = r.workload();
    Hardware hw = option.hardware();
    String name = served.name();
    int slots = sized.slots();
    Assessment a = new Assessment();
    LocalReasons.contextTooLong(w.contextNeeded(), preset)
        .ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    Ownership own = offerings.ownership();
    DeviceCountSearch.Choice server = sized.devices();
    Sizing s = server.sizing();
    ServerPrice price = server.price();
    MemoryEstimate m = s.memory();
    a.note(served.memoryReason(name, hw, m, ctx, slots));
    int reasonsAt = a.reasons().size();
    served.note().ifPresent(a::note);
    served.cannotRun(hw, m).ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    PeakLoad single = PeakLoad.single(s, hw, w, slots, runs);
    PeakLoad load = single;
    // owned devices make as many servers as the team has devices for; bought or rented ones, as
    // many as the settings allow
    int servers =
        option.acquisition() == Acquisition.OWNED
            ? option.count() / m.devices()
            : settingsMaxReplicas;
    if (servers > 1 && a.meets(Constraint.CAPACITY) && single.unservable().isEmpty()) {
      load =
          fleet(
              s,
              hw,
              m.devices(),
              slots,
              r,
              runs,
              single,
              monthly(price, own),
              a,
              servers == settingsMaxReplicas ? fleets : new FleetSizer(servers));
    }
    DeploymentShape shape = new DeploymentShape(load.replicas(), m.devices());
    load.unservable().ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    a.notes(load.notes());
    a.judge(
        Constraint.LATENCY,
        ConstraintChecks.latency(r, load.p95(), load.ttft95(), a.meets(Constraint.CAPACITY)));
    CostBreakdown cost =
        CostModel.fleet(option, price, shape, w, load.busySecondsPerRequest(), own);
    a.judge(Constraint.BUDGET, ConstraintChecks.budget(r, cost));
    var quality = offerings.quality(served.preset(), served.quantization());
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
            served.preset(),
            served.quantization(),
            hw.name(),
            hw.id(),
            option.acquisition(),
            s.parameters().total(),
            new LocalDeployment.MemoryPlacement(
                m.total(), m.fits(), m.gpuLayers(), m.totalLayers(), ctx),
            shape,
            slots,
            served.serving(shape, ctx, slots));
    Recommendation rec =
        new Recommendation(
            served.id(hw.id(), option.acquisition(), shape),
            served.provider(),
            name,
            served.modelId(),
            Optional.of(local),
            p,
            quality.map(q -> q.score()),
            a.unmet(),
            a.reasons(),
            cost);
    Double bounded = r.latencyTarget() == LatencyTarget.FIRST_TOKEN ? load.ttft95() : load.p95();
    return new SlotSearch.Trial(
        sized, rec, bounded == null ? Double.POSITIVE_INFINITY : bounded, reasonsAt);
  }

  /**
   * The fewest servers that meet the latency target at the peak; {@code single} when one does, or
   * when more cannot help or cannot be afforded (then {@code a} is told why no fleet was searched).
   */
  private PeakLoad fleet(
      Sizing s,
      Hardware hw,
      int devicesPerServer,
      int slots,
      AdviceRequest r,
      PeakRuns runs,
      PeakLoad single,
      double serverMonthlyUsd,
      Assessment a,
      FleetSizer fleets) {
    Workload w = r.workload();
    ServerModel server = ServerModel.of(s.speed(), slots);
    FleetSizer.Target target = FleetSizer.Target.of(r);
    FleetSizer.Outcome found =
        fleets.size(
            runs.of(server, target),
            target,
            FleetSizer.Server.of(server, w, target, serverMonthlyUsd),
            w.peakArrivalsPerSecond(),
            r.monthlyBudgetUsd());
    if (found instanceof FleetSizer.OverBudget o) {
      a.note(LocalReasons.overBudget(o));
    }
    return found instanceof FleetSizer.Sized sized && sized.replicas() > 1
        ? PeakLoad.fleet(s, server, hw, devicesPerServer, sized.run(), w, single)
        : single;
  }

  /** What one server's hardware costs a month, a lower bound of what it costs. */
  private static double monthly(ServerPrice price, Ownership own) {
    return price.acquisition() == Acquisition.RENT
        ? price.usd() * CostModel.HOURS_PER_MONTH
        : price.usd() / own.amortizationMonths();
  }

  /**
   * Layers that do not fit on the device run from system RAM; beyond that the model cannot load.
   *
   * @param hostRam the system RAM assumed beside a GPU
   */
  static Optional<Verdict> overflow(Hardware hw, MemoryEstimate m, ByteSize hostRam) {
    if (m.fits()) {
      return Optional.empty();
    }
    ByteSize limit = hw.hasGpu() ? hostRam : hw.memory();
    if (!m.cpuBytes().isGreaterThan(limit)) {
      return Optional.empty();
    }
    return Optional.of(Verdict.fail(LocalReasons.cannotLoad(hw, m, limit)));
  }
}
