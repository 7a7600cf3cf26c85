package org.llmadvisor.app.facade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.service.LocalMachine;
import org.llmadvisor.service.ThisMachine;

/**
 * The machine the app runs on, for every door that answers questions about it ({@code /api/system},
 * MCP): detection runs on each call; the measurement is cached in the data folder.
 */
@ApplicationScoped
public class MachineService {

  private final LocalMachine machine;

  @Inject
  public MachineService(AdvisorConfig config, ThisMachine machine) {
    this.machine = new LocalMachine(machine, URI.create(config.machine().ollamaUrl()));
  }

  /** The machine as detection and the cached measurement see it. */
  public LocalMachine machine() {
    return machine;
  }

  /**
   * This machine as a catalog hardware row, for {@code "hardware": "local"}: as detected, with the
   * cached measurement (measured first if there is none).
   */
  public Hardware localHardware() {
    return machine.hardware();
  }
}
