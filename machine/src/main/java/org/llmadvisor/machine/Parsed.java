package org.llmadvisor.machine;

import java.util.List;

/** GPUs read from one tool's output, and what the output left unclear. */
public record Parsed(List<Gpu> gpus, List<String> notes) {

  public Parsed {
    gpus = List.copyOf(gpus);
    notes = List.copyOf(notes);
  }

  public static Parsed none(String note) {
    return new Parsed(List.of(), List.of(note));
  }
}
