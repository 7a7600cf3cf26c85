package org.llmadvisor.machine;

import java.util.List;
import java.util.Optional;

/**
 * What detection saw of this machine. Never fails for a missing tool: {@code notes} say in plain
 * words what could not be seen and why.
 */
public record MachineReport(
    String os,
    CpuInfo cpu,
    MemoryInfo memory,
    List<Gpu> gpus,
    Optional<UnifiedMemory> unifiedMemory,
    List<String> notes) {

  public MachineReport {
    gpus = List.copyOf(gpus);
    notes = List.copyOf(notes);
    unifiedMemory = unifiedMemory == null ? Optional.empty() : unifiedMemory;
  }
}
