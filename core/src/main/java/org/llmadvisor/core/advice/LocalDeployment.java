package org.llmadvisor.core.advice;

import java.util.Objects;
import java.util.Optional;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.workload.DeploymentShape;

/**
 * What a local (Ollama) candidate runs and on what: the parts a cloud candidate does not have.
 *
 * @param preset the architecture preset in the model catalog
 * @param quantization the llama.cpp recipe of the tag, e.g. {@code Q4_K_M}
 * @param parameters every parameter stored in the model
 * @param shape how many servers, and how many devices each: {@code hardwareName} names one device
 * @param parallelSlots sequences each server runs at once (Ollama's {@code OLLAMA_NUM_PARALLEL}),
 *     each with the context window {@link MemoryPlacement#contextTokens()}
 */
public record LocalDeployment(
    String preset,
    String quantization,
    String hardwareName,
    String hardwareId,
    Acquisition acquisition,
    long parameters,
    MemoryPlacement memory,
    DeploymentShape shape,
    int parallelSlots,
    Optional<VllmServing> vllm) {

  public LocalDeployment {
    Objects.requireNonNull(vllm, "vllm");
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(quantization, "quantization");
    Objects.requireNonNull(hardwareName, "hardwareName");
    Objects.requireNonNull(hardwareId, "hardwareId");
    Objects.requireNonNull(acquisition, "acquisition");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(shape, "shape");
    if (parallelSlots < 1) {
      throw new IllegalArgumentException("parallelSlots must be >= 1, was " + parallelSlots);
    }
  }

  /** Served by Ollama. */
  public LocalDeployment(
      String preset,
      String quantization,
      String hardwareName,
      String hardwareId,
      Acquisition acquisition,
      long parameters,
      MemoryPlacement memory,
      DeploymentShape shape,
      int parallelSlots) {
    this(
        preset,
        quantization,
        hardwareName,
        hardwareId,
        acquisition,
        parameters,
        memory,
        shape,
        parallelSlots,
        Optional.empty());
  }

  /** The engine that serves it: {@code vllm} when {@link #vllm()} is given, else {@code ollama}. */
  public String engine() {
    return vllm.isPresent() ? "vllm" : "ollama";
  }

  /** With one parallel slot per server. */
  public LocalDeployment(
      String preset,
      String quantization,
      String hardwareName,
      String hardwareId,
      Acquisition acquisition,
      long parameters,
      MemoryPlacement memory,
      DeploymentShape shape) {
    this(preset, quantization, hardwareName, hardwareId, acquisition, parameters, memory, shape, 1);
  }

  /** The context window each parallel slot holds (Ollama's {@code num_ctx}). */
  public long contextPerSlot() {
    return memory.contextTokens();
  }

  /** One server with one device. */
  public LocalDeployment(
      String preset,
      String quantization,
      String hardwareName,
      String hardwareId,
      Acquisition acquisition,
      long parameters,
      MemoryPlacement memory) {
    this(
        preset,
        quantization,
        hardwareName,
        hardwareId,
        acquisition,
        parameters,
        memory,
        DeploymentShape.SINGLE);
  }

  /**
   * Where the model's memory goes.
   *
   * @param total memory of one server (every device of it)
   * @param fits whether it all fits in the devices' memory
   * @param gpuLayers layers on the GPU, counting the output head as one layer as llama.cpp does
   * @param contextTokens the context window of each parallel slot the memory is sized for
   */
  public record MemoryPlacement(
      ByteSize total, boolean fits, int gpuLayers, int totalLayers, long contextTokens) {}
}
