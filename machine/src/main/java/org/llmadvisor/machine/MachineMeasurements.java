package org.llmadvisor.machine;

import java.time.Clock;
import java.util.Optional;

/**
 * Measures this machine and keeps the result: the cached one while it is of this machine, a new one
 * on demand. One measurement at a time, since two would halve each other's bandwidth.
 */
public final class MachineMeasurements {

  private final MeasurementStore store;
  private final MeasureSettings settings;
  private final Clock clock;

  public MachineMeasurements(MeasurementStore store, MeasureSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** The stored measurement of this machine, if any. */
  public Optional<Measurement> cached(MachineReport machine) {
    return store.load(Measurement.fingerprint(machine));
  }

  /** The stored measurement, or a new one when there is none. */
  public synchronized Measurement cachedOrMeasure(MachineReport machine) {
    return cached(machine).orElseGet(() -> measure(machine));
  }

  /**
   * Measures now and stores the result. Bandwidth uses every hardware thread, as a machine's full
   * read rate needs; the token read uses the physical cores, llama.cpp's and Ollama's default.
   */
  public synchronized Measurement measure(MachineReport machine) {
    int threads = machine.cpu().threads();
    int cores = machine.cpu().cores();
    MemoryBandwidth.Result bw =
        MemoryBandwidth.measure(threads, settings.workingSet() / threads, settings.duration());
    TokenRead.Result tr;
    try {
      tr = tokenRead(cores);
    } catch (IllegalStateException abandoned) {
      // a thread descheduled for seconds on a busy machine; one more try before giving up
      tr = tokenRead(cores);
    }
    DotProducts.Result dots = DotProducts.measure(cores, settings.duration());
    Measurement m =
        new Measurement(
            clock.instant(), Measurement.fingerprint(machine), bw, tr, Optional.of(dots));
    store.save(m);
    return m;
  }

  private TokenRead.Result tokenRead(int cores) {
    return TokenRead.measure(
        cores, settings.layers(), settings.workingSet() / settings.layers(), settings.duration());
  }
}
