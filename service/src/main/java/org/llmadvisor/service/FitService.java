package org.llmadvisor.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.sizing.ContextWindow;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.Wording;

/**
 * Which catalog models run on a device (this machine, for {@code fit}): every model at every
 * requested quantization is sized with the same memory and speed models as an estimate; a model
 * keeps its best quantization (the first in the request's order) that fits and generates at a
 * usable speed, or, when none does, the one that comes closest. Those that run are ranked by
 * quality (the catalog's benchmark score; a model without one after those with one), then
 * parameters, then speed.
 */
public final class FitService {

  private static final long PROMPT_TOKENS = 512;
  private static final long OUTPUT_TOKENS = 128;

  private final Catalogs catalogs;

  public FitService(Catalogs catalogs) {
    this.catalogs = catalogs;
  }

  public FitResponse fit(FitRequest request, Hardware device) {
    FitRequest.Valid v =
        (request == null ? new FitRequest(null, null, null, null, null) : request).validate();
    List<FitResponse.Row> rows = new ArrayList<>();
    for (ModelPreset p : catalogs.models().all()) {
      if (v.family() != null
          && !p.family().toLowerCase(Locale.ROOT).contains(v.family().toLowerCase(Locale.ROOT))) {
        continue;
      }
      rows.add(best(p, v, device));
    }
    rows.sort(RANKING);
    List<FitResponse.Row> shown = rows.stream().limit(v.limit()).toList();
    return new FitResponse(
        new EstimateResponse.HardwareInfo(
            device.id(),
            device.name(),
            device.kind().name().toLowerCase(Locale.ROOT),
            device.memory().bytes(),
            device.memoryBandwidthGBps(),
            device.fp16Tflops().orElse(null),
            device.tdpWatts().orElse(null),
            null,
            null),
        v.contextTokens(),
        v.minTokensPerSecond(),
        verdict(rows, device, v),
        shown);
  }

  static final Comparator<FitResponse.Row> RANKING =
      Comparator.comparing((FitResponse.Row r) -> !r.runs())
          // a model that pages from disk ranks below every one that fits, however slow
          .thenComparing(r -> !r.fits())
          .thenComparing(r -> r.quality() == null)
          .thenComparing(r -> r.quality() == null ? 0 : -r.quality())
          .thenComparingLong(r -> r.runs() ? -r.parameters() : r.memoryBytes())
          .thenComparingDouble(r -> -r.generationTokensPerSecond());

  private FitResponse.Row best(ModelPreset p, FitRequest.Valid v, Hardware device) {
    FitResponse.Row closest = null;
    for (QuantRecipe q : v.quantizations()) {
      FitResponse.Row r = row(p, q, v, device);
      if (r.runs()) {
        return r;
      }
      if (closest == null
          || (r.fits() && !closest.fits())
          || (r.fits() == closest.fits()
              && r.generationTokensPerSecond() > closest.generationTokensPerSecond())) {
        closest = r;
      }
    }
    return closest;
  }

  private FitResponse.Row row(ModelPreset p, QuantRecipe q, FitRequest.Valid v, Hardware device) {
    Architecture a = p.architecture();
    Sizing s =
        catalogs
            .sizer()
            .sizeWithoutBasis(
                new SizingRequest(
                    a,
                    q.name(),
                    q.apply(a),
                    // the default is each model's own when it is shorter than Ollama's
                    v.contextGiven() ? v.contextTokens() : ContextWindow.byDefault(a),
                    1,
                    KvCacheType.F16,
                    device,
                    PROMPT_TOKENS,
                    OUTPUT_TOKENS));
    var mem = s.memory();
    double tps = round(s.speed().generationTokensPerSecond());
    double pps = s.speed().promptTokensPerSecond();
    boolean fast = tps >= v.minTokensPerSecond();
    boolean runs = mem.fits() && fast;
    String size = gib(mem.total().bytes()) + " GiB";
    String reason;
    if (runs) {
      reason = Wording.f("runs: %s, %.1f tokens/s", size, tps);
    } else if (!mem.fits() && !device.hasGpu()) {
      reason =
          Wording.f(
              "pages from disk, impractical: needs %s of %s GiB available",
              size, gib(mem.deviceCapacity().bytes()));
    } else if (!mem.fits()) {
      reason =
          Wording.f(
              "does not fit: needs %s of %s GiB (%d of %d layers on the device), %.1f tokens/s",
              size, gib(mem.deviceCapacity().bytes()), mem.gpuLayers(), mem.totalLayers(), tps);
    } else {
      reason =
          Wording.f(
              "too slow: %.1f tokens/s, below %s", tps, FieldPath.show(v.minTokensPerSecond()));
    }
    Optional<Quality> quality = catalogs.offerings().quality(p.id());
    return new FitResponse.Row(
        p.id(),
        p.name(),
        ParameterCount.of(a).total(),
        q.name(),
        runs,
        reason,
        mem.total().bytes(),
        mem.fits(),
        mem.gpuLayers(),
        mem.totalLayers(),
        tps,
        Double.isNaN(pps) ? null : round(pps),
        quality.map(Quality::score).orElse(null),
        quality.map(Quality::benchmark).orElse(null));
  }

  private static String verdict(List<FitResponse.Row> rows, Hardware device, FitRequest.Valid v) {
    long running = rows.stream().filter(FitResponse.Row::runs).count();
    if (running == 0) {
      return "No catalog model runs on "
          + device.name()
          + " at "
          + FieldPath.show(v.minTokensPerSecond())
          + " tokens/s or more with "
          + v.contextTokens()
          + " tokens of context.";
    }
    FitResponse.Row top = rows.get(0);
    return Wording.f(
        "%d of %d models run on %s; best: %s at %s (%s GiB, %.1f tokens/s).",
        running,
        rows.size(),
        device.name(),
        top.model(),
        top.quantization(),
        gib(top.memoryBytes()),
        top.generationTokensPerSecond());
  }

  static String gib(long bytes) {
    return Wording.f("%.1f", bytes / (1024.0 * 1024 * 1024));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
