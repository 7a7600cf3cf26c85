package org.llmadvisor.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.machine.MeasureSettings;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.LocalMachine;
import org.llmadvisor.service.ThisMachine;

/**
 * What the commands share, read from the same environment variables as the app ({@code
 * ADVISOR_CATALOG_FILE}, {@code ADVISOR_DATA_DIR}, {@code ADVISOR_MACHINE_OLLAMA_URL}) and loaded
 * only when a command needs it, so that a command that does not detect the machine does not pay for
 * it.
 */
final class CliContext {

  private final Map<String, String> env;
  private Catalogs catalogs;
  private LocalMachine machine;

  CliContext(Map<String, String> env) {
    this.env = env;
  }

  synchronized Catalogs catalogs() {
    if (catalogs == null) {
      catalogs =
          Catalogs.load(
              Optional.ofNullable(env.get("ADVISOR_CATALOG_FILE"))
                  .filter(s -> !s.isBlank())
                  .map(Path::of));
    }
    return catalogs;
  }

  /** This machine, its measurement cached in the data folder the app uses ({@code ./data}). */
  synchronized LocalMachine machine() {
    if (machine == null) {
      machine =
          new LocalMachine(
              Path.of(env.getOrDefault("ADVISOR_DATA_DIR", "data")),
              Duration.ofSeconds(5),
              new MeasureSettings(
                  duration(env.get("ADVISOR_MACHINE_MEASURE_DURATION"))
                      .orElse(MeasureSettings.DEFAULT.duration()),
                  Optional.ofNullable(env.get("ADVISOR_MACHINE_MEASURE_MIB"))
                      .map(m -> Long.parseLong(m.trim()) * 1024 * 1024)
                      .orElse(MeasureSettings.DEFAULT.workingSet()),
                  MeasureSettings.DEFAULT.layers()),
              URI.create(env.getOrDefault("ADVISOR_MACHINE_OLLAMA_URL", "http://127.0.0.1:11434")),
              catalogs().hardware());
    }
    return machine;
  }

  /** This machine for the requests that name it, detected only when one does. */
  ThisMachine thisMachine() {
    return ThisMachine.lazily(() -> machine().thisMachine());
  }

  /** A duration as the app's settings write it: {@code 1s}, {@code 100ms}. */
  static Optional<Duration> duration(String s) {
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    String t = s.trim();
    if (t.endsWith("ms")) {
      return Optional.of(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
    }
    if (t.endsWith("s")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))));
    }
    return Optional.of(Duration.parse(t));
  }
}
