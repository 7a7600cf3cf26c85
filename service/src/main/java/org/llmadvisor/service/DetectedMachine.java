package org.llmadvisor.service;

import java.nio.file.Path;
import java.util.Optional;
import org.llmadvisor.machine.MachineDetector;
import org.llmadvisor.machine.MachineMeasurements;
import org.llmadvisor.machine.MachineReport;

/**
 * {@link ThisMachine} as the detector and the measurements see it. Detection is kept once made; a
 * request that names {@code "local"} while the first measurement runs waits for it rather than
 * start a second one, which would halve both.
 */
final class DetectedMachine implements ThisMachine {

  private final MachineDetector detector;
  private final MachineMeasurements measurements;
  private final Path file;
  private Seen seen;

  DetectedMachine(MachineDetector detector, MachineMeasurements measurements, Path file) {
    this.detector = detector;
    this.measurements = measurements;
    this.file = file;
  }

  @Override
  public synchronized Seen seen() {
    if (seen == null) {
      MachineReport r = detector.detect();
      seen = Seen.of(r, measurements.cachedOrMeasure(r));
    }
    return seen;
  }

  @Override
  public synchronized Seen detectAgain() {
    MachineReport r = detector.detect();
    seen = Seen.of(r, measurements.cachedOrMeasure(r));
    return seen;
  }

  @Override
  public synchronized Seen measureAgain() {
    MachineReport r = detector.detect();
    seen = Seen.of(r, measurements.measure(r));
    return seen;
  }

  @Override
  public Optional<Path> measurementFile() {
    return Optional.of(file);
  }
}
