package org.llmadvisor.service;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.machine.Gpu;
import org.llmadvisor.machine.LocalOllama;
import org.llmadvisor.machine.MachineReport;
import org.llmadvisor.machine.MeasureSettings;
import org.llmadvisor.machine.Measurement;

/**
 * The machine this process runs on, as every door shows it ({@code GET /api/system}, {@code
 * ./advisor system}, the MCP tool): {@link ThisMachine} detected again on each call, with the
 * memory measurement cached in the data folder's {@code machine.json} (measured first, a few
 * seconds, when there is none for this machine), and the local Ollama asked what it runs.
 */
public final class LocalMachine {

  private static final Duration OLLAMA_TIMEOUT = Duration.ofSeconds(2);

  private final ThisMachine machine;
  private final URI ollama;

  /**
   * @param machine this machine, as the estimates and advice size it
   * @param ollama the local Ollama's base URL
   */
  public LocalMachine(ThisMachine machine, URI ollama) {
    this.machine = machine;
    this.ollama = ollama;
  }

  /**
   * @param dataDir the folder of {@code machine.json}
   * @param commandTimeout how long a vendor tool ({@code nvidia-smi}, {@code sysctl}) may take
   * @param measure how long and over how much memory each measurement runs
   * @param ollama the local Ollama's base URL
   * @param catalog the hardware catalog GPUs are matched to
   */
  public LocalMachine(
      Path dataDir,
      Duration commandTimeout,
      MeasureSettings measure,
      URI ollama,
      HardwareCatalog catalog) {
    this(
        ThisMachine.detected(dataDir.resolve("machine.json"), measure, commandTimeout, catalog),
        ollama);
  }

  /** This machine as the estimates and advice size it ({@code "hardware": "local"}). */
  public ThisMachine thisMachine() {
    return machine;
  }

  /** Detection now, with the cached measurement (measured first if there is none). */
  public SystemView system() {
    return view(machine.detectAgain());
  }

  /** Detection now, with the memory measured again. */
  public SystemView measure() {
    return view(machine.measureAgain());
  }

  /**
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: as detected, with the
   * cached measurement (measured first if there is none).
   */
  public Hardware hardware() {
    return machine.seen().hardware();
  }

  private SystemView view(ThisMachine.Seen seen) {
    MachineReport r = seen.report();
    Measurement m = seen.measurement();
    LocalOllama.Status o = LocalOllama.probe(ollama, OLLAMA_TIMEOUT);
    List<String> notes = new ArrayList<>(r.notes());
    o.problem().ifPresent(notes::add);
    return new SystemView(
        r.os(),
        new SystemView.Cpu(
            r.cpu().model(), r.cpu().cores(), r.cpu().threads(), r.cpu().instructionSets()),
        new SystemView.Memory(
            r.memory().total().bytes(),
            r.memory().available().bytes(),
            m.speedModelGBps(),
            Measurement.SPEED_MODEL_METHOD,
            m.measuredAt().toString()),
        r.gpus().stream().map(LocalMachine::gpu).toList(),
        r.unifiedMemory()
            .map(
                u ->
                    new SystemView.UnifiedMemoryView(
                        u.total().bytes(), u.gpuLimit().bytes(), u.limitSource()))
            .orElse(null),
        new SystemView.Ollama(
            ollama.toString(),
            o.reachable(),
            o.version().orElse(null),
            o.models(),
            o.running().stream()
                .map(x -> new SystemView.Running(x.model(), x.sizeBytes(), x.vramBytes()))
                .toList()),
        new SystemView.MeasurementView(
            m.bandwidth().gbps(),
            m.bandwidth().threads(),
            m.tokenRead().effectiveGBps(),
            m.tokenRead().threads(),
            m.tokenRead().layers(),
            m.tokenRead().bytesPerLayer(),
            m.tokenRead().secondsPerToken() * 1e3,
            m.tokenRead().syncSecondsPerLayer() * 1e6,
            m.dotProducts().map(d -> d.gopsPerThread()).orElse(null),
            Measurement.SPEED_MODEL_METHOD,
            m.measuredAt().toString(),
            machine.measurementFile().map(Object::toString).orElse(null)),
        notes);
  }

  private static SystemView.GpuView gpu(Gpu g) {
    return new SystemView.GpuView(
        g.vendor().name().toLowerCase(Locale.ROOT),
        g.name(),
        g.memory().bytes(),
        g.freeMemory().map(f -> f.bytes()).orElse(null),
        g.memoryBandwidthGBps().orElse(null),
        g.source(),
        g.integrated(),
        g.catalog().map(Hardware::id).orElse(null));
  }
}
