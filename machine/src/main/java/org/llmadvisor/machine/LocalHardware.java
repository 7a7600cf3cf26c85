package org.llmadvisor.machine;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.speed.ClockReference;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.Wording;

/**
 * This machine as a catalog {@link Hardware} row, so that every model that sizes a catalog device
 * (speed, memory, advice) can size the machine the product runs on: {@code "hardware": "local"}.
 *
 * <p>A GPU found in the catalog lends its bandwidth and FLOP/s, with the memory detected (an Apple
 * GPU's working-set limit, not all of RAM); the host RAM behind it, and a CPU-only machine, get the
 * measured token-read bandwidth instead of a catalog guess.
 *
 * <p>A CPU-only machine also gets a {@link CpuProfile}: its cores and hardware threads, clock and
 * vector extensions, and the token-read measurement split into its two parts, the rate the threads
 * read at between barriers (the row's bandwidth) and the cost of one barrier per layer, so that the
 * speed model can scale both to a model of any size and to another thread count.
 */
public final class LocalHardware {

  /** The id {@code "hardware": "local"} resolves to. */
  public static final String ID = "local";

  /**
   * FP32 FLOPs per cycle per core: two 256-bit FMA units (AVX2) or one 512-bit one (AVX-512) give 2
   * x 8 x 2 = 32, as the catalog's CPU rows assume; two 128-bit NEON FMA units 16; otherwise 8.
   */
  static int flopsPerCycle(List<String> instructionSets) {
    if (instructionSets.contains("AVX-512")
        || (instructionSets.contains("AVX2") && instructionSets.contains("FMA"))) {
      return 32;
    }
    return instructionSets.contains("NEON") ? 16 : 8;
  }

  /**
   * Physical cores above which a CPU-only machine is taken for a server: desktop parts stop at 16
   * (Ryzen 9 5950X/7950X, Core i9's performance cores), server parts start around there.
   */
  static final int DESKTOP_MAX_CORES = 16;

  /**
   * Package power of a CPU-only machine under llama.cpp's all-core load, by class, for the energy
   * cost: an estimate, since no tool reports a CPU's rated power. Desktop: 125 W, Intel's
   * "Processor Base Power" of the Core i7/i9-12700K..14900K (ark.intel.com) and between AMD's 105 W
   * (Ryzen 9 5950X) and 170 W (Ryzen 9 7950X) TDPs (amd.com). Server: 280 W, the default TDP of the
   * 64-core EPYC 7763 (amd.com), the class of the catalog's server CPU rows.
   */
  static final double DESKTOP_WATTS = 125;

  static final double SERVER_WATTS = 280;

  /** The CPU's package power under load, estimated from its class; see {@link #DESKTOP_WATTS}. */
  public static double cpuWatts(CpuInfo cpu) {
    return cpu.cores() > DESKTOP_MAX_CORES ? SERVER_WATTS : DESKTOP_WATTS;
  }

  /** The class {@link #cpuWatts} assumes, in words: "desktop" or "server". */
  public static String cpuClass(CpuInfo cpu) {
    return cpu.cores() > DESKTOP_MAX_CORES ? "server" : "desktop";
  }

  /**
   * The clock assumed when the OS reports none (some virtual machines): a server part's base clock,
   * low rather than high, since prompt speed is bounded by it.
   */
  static final long ASSUMED_CLOCK_HZ = 2_000_000_000L;

  private static String noteOf(String a, String b) {
    return a == null ? b : b == null ? a : a + "; " + b;
  }

  private LocalHardware() {}

  public static Hardware from(MachineReport machine, Measurement measured) {
    double hostGBps = measured.speedModelGBps();
    String source =
        "detected on this machine; bandwidth measured "
            + measured.measuredAt()
            + " ("
            + Measurement.SPEED_MODEL_METHOD
            + ")";
    Optional<Gpu> gpu =
        machine.gpus().stream()
            .filter(g -> g.catalog().isPresent())
            .max(Comparator.comparing(g -> g.catalog().get().memoryBandwidthGBps()));
    if (gpu.isPresent()) {
      Gpu g = gpu.get();
      Hardware c = g.catalog().get();
      boolean apple = c.kind() == Hardware.Kind.APPLE;
      return new Hardware(
          ID,
          "This machine: " + g.name(),
          c.kind(),
          g.memory(),
          c.memoryBandwidthGBps(),
          c.fp16Tflops(),
          c.fp32Tflops(),
          apple ? c.memoryBandwidthGBps() : hostGBps,
          c.tdpWatts(),
          source + "; GPU specs from catalog row " + c.id(),
          machine.gpus().size() > 1
              ? machine.gpus().size() + " GPUs detected; sized as one " + g.name()
              : null);
    }
    CpuInfo cpu = machine.cpu();
    // without a reported clock, the cores' measured dot products against the machine the
    // per-cycle rates were fitted on say what clock those rates run at here
    Optional<Double> measuredGhz =
        cpu.maxFrequencyHz().isPresent()
            ? Optional.empty()
            : measured.dotProducts().map(d -> ClockReference.BUNDLED.ghzFor(d.gopsPerThread()));
    long hz =
        cpu.maxFrequencyHz()
            .orElse(measuredGhz.map(g -> (long) (g * 1e9)).orElse(ASSUMED_CLOCK_HZ));
    TokenRead.Result read = measured.tokenRead();
    // the clock the FLOP/s assume is the one the CPU speed model runs at, said in the note when
    // assumed
    CpuProfile profile =
        new CpuProfile(
            cpu.cores(),
            cpu.threads(),
            Optional.of(hz / 1e9),
            cpu.instructionSets(),
            true,
            Optional.of(read.syncSecondsPerLayer() * 1e6));
    Optional<Double> tflops =
        Optional.of(cpu.cores() * (double) hz * flopsPerCycle(cpu.instructionSets()) / 1e12);
    return new Hardware(
        ID,
        "This machine: " + cpu.model() + " (" + cpu.cores() + " cores)",
        Hardware.Kind.CPU,
        // what a model can have without paging: the memory available now, not the RAM installed
        // (the OS, page cache it cannot drop and other processes hold the rest); the same figure
        // for fit, estimates and advice
        machine.memory().available().equals(ByteSize.ZERO)
            ? machine.memory().total()
            : machine.memory().available(),
        read.streamingGBps(),
        tflops,
        tflops,
        hostGBps,
        Optional.of(cpuWatts(cpu)),
        source
            + f(
                "; %d threads read %.1f GB/s between per-layer barriers of %.0f µs",
                read.threads(), read.streamingGBps(), read.syncSecondsPerLayer() * 1e6)
            + "; power "
            + (long) cpuWatts(cpu)
            + " W estimated for a "
            + cpuClass(cpu)
            + " CPU of "
            + cpu.cores()
            + " cores",
        noteOf(
            machine.gpus().isEmpty()
                ? null
                : "GPUs detected but none in the catalog: sized for the CPU",
            cpu.maxFrequencyHz().isPresent()
                ? null
                : measuredGhz
                    .map(
                        g ->
                            f(
                                "the OS reports no clock: the cores run at %.2f GHz by their"
                                    + " measured dot products (%.2f billion a second a core,"
                                    + " against %.2f at %.1f GHz on the machine the CPU model was"
                                    + " fitted on)",
                                g,
                                measured.dotProducts().get().gopsPerThread(),
                                ClockReference.BUNDLED.dotProductGopsPerThread(),
                                ClockReference.BUNDLED.ghz()))
                    .orElse(
                        "the OS reports no clock: FLOP/s at an assumed "
                            + ASSUMED_CLOCK_HZ / 1e9
                            + " GHz")),
        Optional.of(profile));
  }

  private static String f(String format, Object... args) {
    return Wording.f(format, args);
  }
}
