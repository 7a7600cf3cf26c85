package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.machine.Gpu;
import org.llmadvisor.machine.LocalOllama;
import org.llmadvisor.machine.MachineReport;
import org.llmadvisor.machine.Measurement;
import org.llmadvisor.service.ThisMachine;

/**
 * This machine: what detection sees (CPU, RAM, GPUs, unified memory, the local Ollama) and what the
 * memory measurements found. The first answer measures when the data folder holds no measurement of
 * this machine (a few seconds); {@code POST /api/system/measure} measures again.
 */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

  private static final Duration OLLAMA_TIMEOUT = Duration.ofSeconds(2);

  private final ThisMachine machine;
  private final URI ollama;

  @Inject
  public SystemResource(AdvisorConfig config, ThisMachine machine) {
    this.machine = machine;
    this.ollama = URI.create(config.machine().ollamaUrl());
  }

  public record Cpu(String model, int cores, int threads, List<String> instructionSets) {}

  /**
   * @param bandwidthGBps the bandwidth the speed model uses: {@code bandwidthMethod}'s figure
   */
  public record Memory(
      long totalBytes,
      long availableBytes,
      double bandwidthGBps,
      String bandwidthMethod,
      String measuredAt) {}

  public record GpuView(
      String vendor,
      String name,
      long memoryBytes,
      Long freeMemoryBytes,
      Double memoryBandwidthGBps,
      String source,
      boolean integrated,
      String catalogId) {}

  public record UnifiedMemoryView(long totalBytes, long gpuLimitBytes, String limitSource) {}

  public record Running(String model, long sizeBytes, long vramBytes) {}

  public record Ollama(
      String url, boolean reachable, String version, List<String> models, List<Running> running) {}

  /**
   * Both measurements: plain read bandwidth with every hardware thread, and a token's reads with
   * the physical cores and a barrier per layer; {@code speedModelUses} names the one in {@code
   * memory.bandwidthGBps}.
   */
  public record MeasurementView(
      double readBandwidthGBps,
      int readThreads,
      double tokenReadGBps,
      int tokenReadThreads,
      int layers,
      long bytesPerLayer,
      double millisPerToken,
      double syncMicrosPerLayer,
      String speedModelUses,
      String measuredAt,
      String file) {}

  public record SystemView(
      String os,
      Cpu cpu,
      Memory memory,
      List<GpuView> gpus,
      UnifiedMemoryView unifiedMemory,
      Ollama ollama,
      MeasurementView measurement,
      List<String> notes) {}

  @GET
  public SystemView system() {
    return view(machine.detectAgain());
  }

  @POST
  @Path("/measure")
  public SystemView measure() {
    return view(machine.measureAgain());
  }

  /**
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: as detected, with the
   * cached measurement (measured first if there is none).
   */
  public Hardware localHardware() {
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
        new Cpu(r.cpu().model(), r.cpu().cores(), r.cpu().threads(), r.cpu().instructionSets()),
        new Memory(
            r.memory().total().bytes(),
            r.memory().available().bytes(),
            m.speedModelGBps(),
            Measurement.SPEED_MODEL_METHOD,
            m.measuredAt().toString()),
        r.gpus().stream().map(SystemResource::gpu).toList(),
        r.unifiedMemory()
            .map(
                u ->
                    new UnifiedMemoryView(u.total().bytes(), u.gpuLimit().bytes(), u.limitSource()))
            .orElse(null),
        new Ollama(
            ollama.toString(),
            o.reachable(),
            o.version().orElse(null),
            o.models(),
            o.running().stream()
                .map(x -> new Running(x.model(), x.sizeBytes(), x.vramBytes()))
                .toList()),
        new MeasurementView(
            m.bandwidth().gbps(),
            m.bandwidth().threads(),
            m.tokenRead().effectiveGBps(),
            m.tokenRead().threads(),
            m.tokenRead().layers(),
            m.tokenRead().bytesPerLayer(),
            m.tokenRead().secondsPerToken() * 1e3,
            m.tokenRead().syncSecondsPerLayer() * 1e6,
            Measurement.SPEED_MODEL_METHOD,
            m.measuredAt().toString(),
            machine.measurementFile().map(Object::toString).orElse(null)),
        notes);
  }

  private static GpuView gpu(Gpu g) {
    return new GpuView(
        g.vendor().name().toLowerCase(java.util.Locale.ROOT),
        g.name(),
        g.memory().bytes(),
        g.freeMemory().map(f -> f.bytes()).orElse(null),
        g.memoryBandwidthGBps().orElse(null),
        g.source(),
        g.integrated(),
        g.catalog().map(Hardware::id).orElse(null));
  }
}
