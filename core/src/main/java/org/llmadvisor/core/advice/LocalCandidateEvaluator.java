package org.llmadvisor.core.advice;

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
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
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
 * behind the balancer that meet the latency target at the peak ({@link FleetSizer}). Owned hardware
 * is the one device the team has.
 */
final class LocalCandidateEvaluator {

  private final Sizer sizer;
  private final OfferingCatalog offerings;
  private final ByteSize hostRam;
  private final DeviceCountSearch devices;
  private final FleetSizer fleets;

  LocalCandidateEvaluator(Sizer sizer, OfferingCatalog offerings, AdvisorSettings settings) {
    this.sizer = sizer;
    this.offerings = offerings;
    this.hostRam = settings.hostRam();
    this.devices = new DeviceCountSearch(settings.devicesPerServer());
    this.fleets = new FleetSizer(settings.maxReplicas());
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
      return new Quantized(
          ts, Sizer.Counted.of(arch, ts), LocalReasons.revisionReason(tag, arch, ts));
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
    LocalReasons.contextTooLong(needed, preset).ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    long ctx = ContextWindow.forRequests(needed, arch.contextLength());
    Ownership own = offerings.ownership();
    DeviceCountSearch.Choice server =
        devices.fewest(option, own, d -> size(tag, quantized, arch, ctx, w, hw, d));
    Sizing s = server.sizing();
    ServerPrice price = server.price();
    MemoryEstimate m = s.memory();
    a.note(LocalReasons.memory(name, hw, m, ctx, w.parallel()));
    quantized.revisionNote().ifPresent(a::note);
    overflow(hw, m, hostRam).ifPresent(v -> a.judge(Constraint.CAPACITY, v));
    PeakLoad single = PeakLoad.single(s, hw, w, runs);
    PeakLoad load = single;
    if (option.acquisition() != Acquisition.OWNED
        && a.meets(Constraint.CAPACITY)
        && single.unservable().isEmpty()) {
      load = fleet(s, hw, m.devices(), r, runs, single, monthly(price, own), a);
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

  /**
   * The fewest servers that meet the latency target at the peak; {@code single} when one does, or
   * when more cannot help or cannot be afforded (then {@code a} is told why no fleet was searched).
   */
  private PeakLoad fleet(
      Sizing s,
      Hardware hw,
      int devicesPerServer,
      AdviceRequest r,
      PeakRuns runs,
      PeakLoad single,
      double serverMonthlyUsd,
      Assessment a) {
    Workload w = r.workload();
    ServerModel server = ServerModel.of(s.speed(), w.parallel());
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
