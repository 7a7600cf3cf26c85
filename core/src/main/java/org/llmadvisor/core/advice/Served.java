package org.llmadvisor.core.advice;

import java.util.Optional;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.Workload;

/**
 * What a local candidate serves and with which engine: an Ollama tag ({@link OllamaServed}) or a
 * Hugging Face repository on vLLM ({@link VllmServed}). The evaluation (devices, slots, fleet,
 * latency at the peak, cost) is the engine's sizing run through the same search and simulation.
 */
interface Served {

  /** The catalog preset. */
  String preset();

  Architecture architecture();

  /** The weights' format as the answer names it: a llama.cpp recipe or {@code FP8}. */
  String quantization();

  /** {@code ollama} or {@code vllm}. */
  String provider();

  /** The Ollama tag or the repository. */
  String modelId();

  /** A name for people. */
  String name();

  RecommendationId id(String hardwareId, Acquisition acquisition, DeploymentShape shape);

  /**
   * One server of {@code devices} devices running {@code slots} sequences of {@code ctx} tokens.
   */
  Sizing size(long ctx, int slots, Workload w, Hardware hw, int devices);

  /** Why the model cannot run at all on that server, if it cannot. */
  Optional<Verdict> cannotRun(Hardware hw, MemoryEstimate m);

  /** Where its memory goes, in words. */
  String memoryReason(String name, Hardware hw, MemoryEstimate m, long ctx, int slots);

  /** A note on the file itself (the recipe of its day), if any. */
  Optional<String> note();

  /**
   * How the slots are set in the engine, in words: {@code OLLAMA_NUM_PARALLEL=4, num_ctx 4,096}.
   */
  String slotSetting(int slots, long ctx);

  /** vLLM's arguments for the shape; empty for Ollama. */
  Optional<VllmServing> serving(DeploymentShape shape, long ctx, int slots);
}
