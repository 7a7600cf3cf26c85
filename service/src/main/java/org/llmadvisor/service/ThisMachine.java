package org.llmadvisor.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.machine.Gpu;
import org.llmadvisor.machine.LocalHardware;
import org.llmadvisor.machine.MachineDetector;
import org.llmadvisor.machine.MachineMeasurements;
import org.llmadvisor.machine.MachineReport;
import org.llmadvisor.machine.MeasureSettings;
import org.llmadvisor.machine.Measurement;
import org.llmadvisor.machine.MeasurementStore;

/**
 * The machine the product runs on, as detected and measured: what {@code "hardware": "local"} means
 * in every request. The HTTP app and the command line each build one from their settings ({@link
 * #detected}); tests give a fixed one ({@link #fixed}); a door that does not look at its machine
 * gives {@link #unavailable}, which refuses {@code "local"} saying why.
 *
 * <p>Detection runs once and is kept, since a vendor tool may take seconds and the hardware does
 * not change under a running process; {@link #detectAgain} refreshes it (free memory, Ollama's
 * models). The measurement is the one cached in the data folder, taken the first time it is needed.
 */
public interface ThisMachine {

  /** The id that names this machine in a request; no catalog row may take it. */
  String ID = LocalHardware.ID;

  /**
   * This machine: detected once, with the cached measurement (measured now if there is none).
   *
   * @throws Unavailable when this door cannot see its machine
   */
  Seen seen();

  /** Detects again now, keeping the measurement. */
  Seen detectAgain();

  /** Measures again now, and keeps the new measurement. */
  Seen measureAgain();

  /** Where the measurement is kept, when it is kept in a file. */
  Optional<Path> measurementFile();

  /**
   * Whether {@code id} names this machine ({@code "local"}, any case, surrounding blanks ignored).
   */
  static boolean names(String id) {
    return id != null && id.strip().equalsIgnoreCase(ID);
  }

  /** Refused because this door cannot see its machine; the message says why. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String why) {
      super(why);
    }
  }

  /**
   * What was detected and what was measured, and the catalog row they make.
   *
   * @param hardware this machine as a catalog row with id {@code "local"}
   */
  record Seen(MachineReport report, Measurement measurement, Hardware hardware) {

    public static Seen of(MachineReport report, Measurement measurement) {
      return new Seen(report, measurement, LocalHardware.from(report, measurement));
    }

    /** The threads llama.cpp and Ollama use by default: the physical cores. */
    public int defaultThreads() {
      return report.cpu().cores();
    }

    /** Whether the speed model reads weights at the measured bandwidth (no catalog GPU). */
    public boolean cpuOnly() {
      return hardware.kind() == Hardware.Kind.CPU;
    }

    /** One line: what detection found, in words. */
    public String detected() {
      var cpu = report.cpu();
      String gpus =
          report.gpus().isEmpty()
              ? "no GPU"
              : String.join(
                  ", ",
                  report.gpus().stream()
                      .map(
                          g ->
                              g.name()
                                  + g.catalog()
                                      .map(c -> " (catalog row " + c.id() + ")")
                                      .orElse(" (not in the catalog)"))
                      .toList());
      return Wording.f(
          "%s, %d cores / %d threads, %.1f GiB RAM, %s",
          cpu.model(),
          cpu.cores(),
          cpu.threads(),
          report.memory().total().bytes() / (double) (1L << 30),
          gpus);
    }

    /** One line: which measured figure the speeds come from, and when it was measured. */
    public String measured() {
      Measurement m = measurement;
      String figure =
          Wording.f(
              "the %s bandwidth measured %s: %.1f GB/s reading a token's layers with %d threads and"
                  + " a barrier per layer (plain reads with %d threads: %.1f GB/s)",
              Measurement.SPEED_MODEL_METHOD,
              m.measuredAt(),
              m.speedModelGBps(),
              m.tokenRead().threads(),
              m.bandwidth().threads(),
              m.bandwidth().gbps());
      return cpuOnly()
          ? "Speeds come from " + figure + "."
          : "The GPU's bandwidth and FLOP/s come from the catalog; layers left in RAM read at "
              + figure
              + ".";
    }

    /** One line: why this machine costs what it costs. */
    public String owned() {
      return Wording.f(
          "Owned: no purchase cost; energy at %s.",
          hardware
              .tdpWatts()
              .map(
                  w ->
                      cpuOnly()
                          ? Wording.f(
                              "%.0f W, estimated for a %s CPU",
                              w, LocalHardware.cpuClass(report.cpu()))
                          : Wording.f(
                              "%.0f W, the board power of %s",
                              w,
                              report.gpus().stream()
                                  .filter(g -> g.catalog().isPresent())
                                  .map(Gpu::name)
                                  .findFirst()
                                  .orElse("its GPU")))
              .orElse("the host's power alone (its GPU's board power is not published)"));
    }
  }

  /**
   * This machine, detected with the vendors' tools (each given {@code commandTimeout}) and measured
   * with {@code settings}, the measurement kept in {@code measurementFile}.
   */
  static ThisMachine detected(
      Path measurementFile,
      MeasureSettings settings,
      Duration commandTimeout,
      HardwareCatalog catalog) {
    MeasurementStore store = new MeasurementStore(measurementFile);
    return new DetectedMachine(
        MachineDetector.forThisMachine(commandTimeout, catalog.all()),
        new MachineMeasurements(store, settings, Clock.systemUTC()),
        store.file());
  }

  /**
   * The machine {@code machine} gives, asked for only when a request names it: a door that sizes a
   * catalog device does not detect its own.
   */
  static ThisMachine lazily(java.util.function.Supplier<ThisMachine> machine) {
    return new ThisMachine() {
      private ThisMachine got;

      private synchronized ThisMachine get() {
        if (got == null) {
          got = machine.get();
        }
        return got;
      }

      @Override
      public Seen seen() {
        return get().seen();
      }

      @Override
      public Seen detectAgain() {
        return get().detectAgain();
      }

      @Override
      public Seen measureAgain() {
        return get().measureAgain();
      }

      @Override
      public Optional<Path> measurementFile() {
        return get().measurementFile();
      }
    };
  }

  /** A machine that is what it is told: the tests' double. Measuring again gives the same. */
  static ThisMachine fixed(MachineReport report, Measurement measurement) {
    Seen seen = Seen.of(report, measurement);
    return new ThisMachine() {
      @Override
      public Seen seen() {
        return seen;
      }

      @Override
      public Seen detectAgain() {
        return seen;
      }

      @Override
      public Seen measureAgain() {
        return seen;
      }

      @Override
      public Optional<Path> measurementFile() {
        return Optional.empty();
      }
    };
  }

  /** A door that does not look at its machine; {@code why} completes "this machine ...". */
  static ThisMachine unavailable(String why) {
    return new ThisMachine() {
      @Override
      public Seen seen() {
        throw new Unavailable(why);
      }

      @Override
      public Seen detectAgain() {
        throw new Unavailable(why);
      }

      @Override
      public Seen measureAgain() {
        throw new Unavailable(why);
      }

      @Override
      public Optional<Path> measurementFile() {
        return Optional.empty();
      }
    };
  }
}
