package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.machine.MeasureSettings;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.LocalMachine;
import org.llmadvisor.service.SystemView;

/**
 * This machine: what detection sees (CPU, RAM, GPUs, unified memory, the local Ollama) and what the
 * memory measurements found. The first answer measures when the data folder holds no measurement of
 * this machine (a few seconds); {@code POST /api/system/measure} measures again.
 */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

  private final LocalMachine machine;

  @Inject
  public SystemResource(AdvisorConfig config, Catalogs catalogs) {
    AdvisorConfig.MachineSettings m = config.machine();
    this.machine =
        new LocalMachine(
            java.nio.file.Path.of(config.dataDir()),
            m.commandTimeout(),
            new MeasureSettings(
                m.measureDuration(),
                m.measureMib() * 1024L * 1024L,
                MeasureSettings.DEFAULT.layers()),
            URI.create(m.ollamaUrl()),
            catalogs.hardware().all());
  }

  @GET
  public SystemView system() {
    return machine.system();
  }

  @POST
  @Path("/measure")
  public SystemView measure() {
    return machine.measure();
  }

  /**
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: detected now, with the
   * cached measurement (measured first if there is none).
   */
  public Hardware localHardware() {
    return machine.hardware();
  }

  /** The machine the app runs on, for the other doors (MCP) that answer the same questions. */
  public LocalMachine machine() {
    return machine;
  }
}
