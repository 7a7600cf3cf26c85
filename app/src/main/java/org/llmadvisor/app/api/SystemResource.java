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
import org.llmadvisor.service.LocalMachine;
import org.llmadvisor.service.SystemView;
import org.llmadvisor.service.ThisMachine;

/**
 * This machine: what detection sees (CPU, RAM, GPUs, unified memory, the local Ollama) and what the
 * memory measurements found. Detection runs on each call; the measurement is cached in the data
 * folder and re-run by {@code POST /api/system/measure}.
 */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

  private final LocalMachine machine;

  @Inject
  public SystemResource(AdvisorConfig config, ThisMachine machine) {
    this.machine = new LocalMachine(machine, URI.create(config.machine().ollamaUrl()));
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
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: as detected, with the
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
