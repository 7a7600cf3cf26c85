package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.memory.RecipeRevision;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.core.workload.LatencyResult;

/**
 * The sentences that explain a local candidate: its memory, its recipe, its speed and its load at
 * the peak, and why no fleet was searched. Numbers print through {@link Wording}.
 */
final class LocalReasons {

  private LocalReasons() {}

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

  static String memory(String name, Hardware hw, MemoryEstimate m, long ctx, int parallel) {
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
   * The parallel slots of the chosen trial: how they are set, what they bring one server against
   * one slot, and why more would not help.
   *
   * @param ctx the context window each slot holds
   */
  static List<String> slots(
      SlotSearch.Choice c, long ctx, Hardware hw, AdviceRequest r, Served served) {
    SlotSearch.Server t = c.best().server();
    String setup =
        f(
            "Parallel slots: %d per server, %s, each holding a %,d-token context (%s)",
            t.slots(),
            c.why() == SlotSearch.Stop.GIVEN
                ? "as the workload asks (leave workload.parallel out for the advisor to choose)"
                : "chosen by the advisor",
            ctx,
            served.slotSetting(t.slots(), ctx));
    String gain;
    if (t.capacityPerSecond() <= 0) {
      gain = ".";
    } else if (t.slots() == 1) {
      gain = f(": one server completes up to %.2f requests/s.", t.capacityPerSecond());
    } else {
      gain =
          f(
              ": one server completes up to %.2f requests/s with every slot busy, against %.2f/s with one slot (%.1fx).",
              t.capacityPerSecond(),
              t.oneSlotCapacityPerSecond(),
              t.capacityPerSecond() / t.oneSlotCapacityPerSecond());
    }
    Optional<String> why = moreSlots(c, hw, r);
    return why.isPresent() ? List.of(setup + gain, why.get()) : List.of(setup + gain);
  }

  private static Optional<String> moreSlots(SlotSearch.Choice c, Hardware hw, AdviceRequest r) {
    SlotSearch.Trial t = c.best();
    SlotSearch.Server next = c.next();
    String more = "More slots would not help: ";
    return switch (c.why()) {
      case GIVEN -> Optional.empty();
      case ONE_SERVER_ENOUGH ->
          Optional.of(
              more
                  + f(
                      "one server with %s already meets the target at the peak; more would only hold more KV cache.",
                      Wording.count(t.slots(), "slot")));
      case MEMORY ->
          Optional.of(
              next == null
                  ? more
                      + f(
                          "with %s part of the model already runs from system RAM, and each further slot's KV cache would push out more layers.",
                          Wording.count(t.slots(), "slot"))
                  : more
                      + f(
                          "%d slots need %.1f GB with their KV caches, more than %s offer%s (%.1f GB).",
                          next.slots(),
                          next.memory().total().gb(),
                          next.memory().devices() == 1
                              ? "the " + hw.name()
                              : next.memory().devices() + " x " + hw.name(),
                          next.memory().devices() == 1 ? "s" : "",
                          next.memory().devices() * next.memory().deviceCapacity().gb()));
      case COMPUTE ->
          Optional.of(
              more
                  + f(
                      "%d slots raise a server's capacity only to %.2f requests/s (+%.0f%% on %d): a batch that large is bound by arithmetic, not by reading the weights.",
                      next.slots(),
                      next.capacityPerSecond(),
                      (next.capacityPerSecond() / c.last().server().capacityPerSecond() - 1) * 100,
                      c.last().slots()));
      case NO_FEWER_SERVERS ->
          Optional.of(
              more
                  + f(
                      "%d slots would complete up to %.2f requests/s a server, so keeping up with the %.2f/s peak still takes %s.",
                      next.slots(),
                      next.capacityPerSecond(),
                      r.workload().peakArrivalsPerSecond(),
                      Wording.count(
                          next.keepingUp(r.workload().peakArrivalsPerSecond()), "server")));
      case LATENCY -> Optional.of(more + slowerSteps(c, r));
      case LIMIT ->
          Optional.of(
              f("The search of slots stops at %d, the advisor's maxParallelSlots.", t.slots()));
    };
  }

  /** Why a count that was run did no better: its full batch's steps, and what they cost. */
  private static String slowerSteps(SlotSearch.Choice c, AdviceRequest r) {
    SlotSearch.Server next = c.next();
    SlotSearch.Trial run = c.nextRun();
    String steps =
        f(
            "with %d slots a full batch's step takes %.1f ms against %.1f ms for one sequence, ",
            next.slots(), next.stepMsFull(), next.stepMsOne());
    return steps
        + (SlotSearch.misses(run.candidate()) == 0
            ? f(
                "so keeping the %,.0f ms p95 target takes %s ($%,.0f a month against $%,.0f).",
                r.latencyTargetMs(),
                Wording.count(run.replicas(), "server"),
                run.candidate().predicted().monthlyCost().toDouble(),
                c.best().candidate().predicted().monthlyCost().toDouble())
            : f("and the %,.0f ms p95 target is still missed.", r.latencyTargetMs()));
  }

  static String cannotLoad(Hardware hw, MemoryEstimate m, ByteSize limit) {
    return f(
        "The part left for system RAM (%.1f GiB) exceeds %s%.0f GiB: it cannot load.",
        m.cpuBytes().gib(), hw.hasGpu() ? "the host's assumed " : "", limit.gib());
  }

  static String noFlops(Hardware hw) {
    return hw.name()
        + " has no published FLOP/s figure, so prompt speed and latency cannot be predicted; add fp16Tflops to the hardware spec.";
  }

  /**
   * @param batchedTokensPerSecond each sequence's rate with every slot generating
   */
  static String speed(
      double promptTokensPerSecond,
      double generationTokensPerSecond,
      int parallel,
      double batchedTokensPerSecond) {
    return f(
        "Speed: prompt %,.0f tokens/s, generation %.1f tokens/s for one sequence%s.",
        promptTokensPerSecond,
        generationTokensPerSecond,
        parallel == 1
            ? " (one parallel slot)"
            : f(
                ", %.1f tokens/s each with %d sequences in a batch",
                batchedTokensPerSecond, parallel));
  }

  static String overloaded(int parallel, double capacityPerSecond, double peakPerSecond) {
    return f(
        "Overloaded: with %s it completes at most %.2f requests/s; the peak brings %.2f/s, so the queue grows without bound.",
        Wording.count(parallel, "parallel slot"), capacityPerSecond, peakPerSecond);
  }

  static String underLoad(double peakPerSecond, LatencyResult lr) {
    return f(
        "Under load (%.2f requests/s at peak, %.0f%% busy, %.1f sequences per batch on average; %,d simulated requests): p50 %,.0f ms, p95 %,.0f ms end to end; first token p95 %,.0f ms.",
        peakPerSecond,
        lr.utilization() * 100,
        lr.meanBatch(),
        lr.requests(),
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p95TimeToFirstTokenMs());
  }

  /**
   * @param shape the fleet in words, e.g. "3 servers × 1 NVIDIA GeForce RTX 4090"
   * @param leastBusy the least busy server's share of busy time
   * @param mostBusy the busiest server's
   * @param aloneP95 one server's p95 under the whole peak, null when its queue has no bound
   * @param capacityPerSecond what one server completes at most
   */
  static String fleet(
      String shape,
      double leastBusy,
      double mostBusy,
      double peakPerSecond,
      LatencyResult lr,
      Double aloneP95,
      double capacityPerSecond) {
    String busy =
        Math.round(mostBusy * 100) == Math.round(leastBusy * 100)
            ? f("each %.0f%% busy", mostBusy * 100)
            : f("each %.0f-%.0f%% busy", leastBusy * 100, mostBusy * 100);
    String alone =
        aloneP95 == null
            ? f("queue without bound (it completes at most %.2f requests/s)", capacityPerSecond)
            : f("queue to p95 %,.0f ms", aloneP95);
    return f(
        "%s, %s at peak (%.2f requests/s shared by least outstanding requests, %.1f sequences per batch on average; %,d simulated requests): p50 %,.0f ms, p95 %,.0f ms end to end; first token p95 %,.0f ms. One server alone would %s.",
        shape,
        busy,
        peakPerSecond,
        lr.meanBatch(),
        lr.requests(),
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p95TimeToFirstTokenMs(),
        alone);
  }

  static String overBudget(FleetSizer.OverBudget o) {
    return f(
        "Keeping up with the peak takes at least %d such servers (%.2f requests/s each at most); their hardware alone costs $%,.0f a month, over the $%,.0f budget, so no fleet was searched.",
        o.servers(), o.capacityPerSecond(), o.monthlyUsd(), o.budgetUsd());
  }
}
