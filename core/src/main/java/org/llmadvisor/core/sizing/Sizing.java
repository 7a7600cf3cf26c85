package org.llmadvisor.core.sizing;

import java.util.List;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.speed.SpeedEstimate;

/** Parameters, memory and speed of one model on one device, with the inputs in plain words. */
public record Sizing(
    ParameterCount parameters, MemoryEstimate memory, SpeedEstimate speed, List<String> basis) {

  public Sizing {
    basis = List.copyOf(basis);
  }
}
