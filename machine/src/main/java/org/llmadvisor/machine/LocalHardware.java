package org.llmadvisor.machine;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.CpuProfile;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.units.ByteSize;

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
            .max(java.util.Comparator.comparing(g -> g.catalog().get().memoryBandwidthGBps()));
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
    TokenRead.Result read = measured.tokenRead();
    CpuProfile profile =
        new CpuProfile(
            cpu.cores(),
            cpu.threads(),
            cpu.maxFrequencyHz().map(hz -> hz / 1e9),
            cpu.instructionSets(),
            true,
            Optional.of(read.syncSecondsPerLayer() * 1e6));
    Optional<Double> tflops =
        cpu.maxFrequencyHz()
            .map(hz -> cpu.cores() * (double) hz * flopsPerCycle(cpu.instructionSets()) / 1e12);
    return new Hardware(
        ID,
        "This machine: " + cpu.model() + " (" + cpu.cores() + " cores)",
        Hardware.Kind.CPU,
        machine.memory().total().equals(ByteSize.ZERO)
            ? machine.memory().available()
            : machine.memory().total(),
        read.streamingGBps(),
        tflops,
        tflops,
        hostGBps,
        Optional.empty(),
        source
            + f(
                "; %d threads read %.1f GB/s between per-layer barriers of %.0f µs",
                read.threads(), read.streamingGBps(), read.syncSecondsPerLayer() * 1e6),
        machine.gpus().isEmpty()
            ? null
            : "GPUs detected but none in the catalog: sized for the CPU",
        Optional.of(profile));
  }

  private static String f(String format, Object... args) {
    return String.format(java.util.Locale.ROOT, format, args);
  }
}
