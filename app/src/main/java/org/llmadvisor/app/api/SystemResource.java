package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.llmadvisor.app.facade.MachineService;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.service.SystemView;

/**
 * This machine: what detection sees (CPU, RAM, GPUs, unified memory, the local Ollama) and what the
 * memory measurements found. Detection runs on each call; the measurement is cached in the data
 * folder and re-run by {@code POST /api/system/measure}.
 */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

  @Inject MachineService machine;

  @GET
  public SystemView system() {
    return machine.machine().system();
  }

  @POST
  @Path("/measure")
  public SystemView measure() {
    return machine.machine().measure();
  }

  /**
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: as detected, with the
   * cached measurement (measured first if there is none).
   */
  public Hardware localHardware() {
    return machine.localHardware();
  }
}
