package org.llmadvisor.machine;

import java.util.List;
import java.util.Optional;

/**
 * The processor.
 *
 * @param cores physical cores: the thread count llama.cpp and Ollama use by default
 * @param threads logical processors (hardware threads)
 * @param maxFrequencyHz the highest clock the OS reports; empty when it reports none (common in
 *     virtual machines)
 * @param instructionSets the vector extensions that matter to llama.cpp's CPU kernels, in the
 *     spelling of {@link InstructionSets}
 */
public record CpuInfo(
    String model,
    int cores,
    int threads,
    Optional<Long> maxFrequencyHz,
    String architecture,
    List<String> instructionSets) {

  public CpuInfo {
    if (cores < 1 || threads < cores) {
      throw new IllegalArgumentException(
          "need 1 <= cores <= threads, was cores " + cores + ", threads " + threads);
    }
    instructionSets = List.copyOf(instructionSets);
  }
}
