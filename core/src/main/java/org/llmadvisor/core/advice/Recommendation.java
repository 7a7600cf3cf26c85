package org.llmadvisor.core.advice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.CostBreakdown;

/**
 * One candidate deployment with its predictions, the constraints it misses, and why — in words with
 * the numbers.
 *
 * @param provider the provider key: {@code ollama}, {@code vllm}, {@code openai} or {@code
 *     azure-openai}
 * @param model a name for people: the cloud model with its provider, or the preset and quantization
 * @param modelId the Ollama tag, or the cloud model name as the provider's API takes it
 * @param local what a local candidate runs and on what; empty for a cloud offering
 * @param quality the benchmark score, when one is published
 * @param unmet the constraints it misses; empty when it can be recommended
 */
public record Recommendation(
    RecommendationId id,
    String provider,
    String model,
    String modelId,
    Optional<LocalDeployment> local,
    Predicted predicted,
    Optional<Double> quality,
    Set<Constraint> unmet,
    List<String> reasons,
    CostBreakdown cost) {

  /** Where a candidate runs. */
  public enum Kind {
    CLOUD,
    LOCAL;

    /** The name the API has always used: {@code cloud} or {@code local}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Recommendation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(predicted, "predicted");
    Objects.requireNonNull(cost, "cost");
    if (id.provider().isLocal() != local.isPresent()) {
      throw new IllegalArgumentException(
          id + ": a local part is given exactly when the id is an Ollama id, was " + local);
    }
    if (local.isPresent()
        && local.get().vllm().isPresent() != (id.provider() == RecommendationId.Provider.VLLM)) {
      throw new IllegalArgumentException(
          id + ": vLLM's serving arguments are given exactly when the id is a vllm id");
    }
    if (local.isPresent() && !local.get().shape().equals(id.shape())) {
      throw new IllegalArgumentException(
          id + ": the id names shape " + id.shape() + ", the local part " + local.get().shape());
    }
    unmet = unmet.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(unmet));
    reasons = List.copyOf(reasons);
  }

  public Kind kind() {
    return local.isPresent() ? Kind.LOCAL : Kind.CLOUD;
  }

  public boolean meets(Constraint c) {
    return !unmet.contains(c);
  }

  public boolean meetsAll() {
    return unmet.isEmpty();
  }

  /** Meets every constraint but {@code relaxed} (which it may meet too). */
  public boolean meetsAllBut(Constraint relaxed) {
    return unmet.stream().allMatch(c -> c == relaxed);
  }

  public boolean meetsLatency() {
    return meets(Constraint.LATENCY);
  }

  public boolean meetsBudget() {
    return meets(Constraint.BUDGET);
  }

  public boolean meetsQuality() {
    return meets(Constraint.QUALITY);
  }

  public boolean meetsDataLocality() {
    return meets(Constraint.DATA_LOCALITY);
  }

  public boolean meetsCapacity() {
    return meets(Constraint.CAPACITY);
  }

  int violations() {
    return unmet.size();
  }

  /** The model, and for a local candidate the hardware it runs on and how it is paid for. */
  String label() {
    return model
        + local
            .map(
                l ->
                    " on "
                        + (l.shape().isSingle()
                            ? l.hardwareName()
                            : l.shape().describe(l.hardwareName()))
                        + (l.acquisition() == Acquisition.OWNED
                            ? ""
                            : " (" + l.acquisition().name().toLowerCase(Locale.ROOT) + ")"))
            .orElse("");
  }

  /** Serialized as the flat shape {@link Json}, which the web UI and API clients read. */
  @JsonValue
  public Json json() {
    Optional<LocalDeployment.MemoryPlacement> mem = local.map(LocalDeployment::memory);
    Predicted p = predicted;
    return new Json(
        id.format(),
        kind().key(),
        provider,
        model,
        modelId,
        local.map(LocalDeployment::preset).orElse(null),
        local.map(LocalDeployment::quantization).orElse(null),
        local.map(LocalDeployment::hardwareName).orElse(null),
        local.map(LocalDeployment::hardwareId).orElse(null),
        local.map(l -> l.acquisition().name().toLowerCase(Locale.ROOT)).orElse(null),
        id.shape().replicas(),
        id.shape().devicesPerServer(),
        new Json.JsonPredicted(
            p.p50LatencyMs(),
            p.p95LatencyMs(),
            p.timeToFirstTokenMs(),
            p.p95TimeToFirstTokenMs(),
            p.generationTokensPerSecond(),
            p.monthlyCost().toDouble(),
            p.costPerMillionTokens().toDouble(),
            mem.map(m -> m.total().bytes()).orElse(null),
            mem.map(LocalDeployment.MemoryPlacement::fits).orElse(null),
            mem.map(LocalDeployment.MemoryPlacement::gpuLayers).orElse(null),
            mem.map(LocalDeployment.MemoryPlacement::totalLayers).orElse(null),
            p.serverUtilization(),
            p.meanBatch()),
        quality.orElse(null),
        local.map(LocalDeployment::parameters).orElse(null),
        mem.map(LocalDeployment.MemoryPlacement::contextTokens).orElse(null),
        local.map(LocalDeployment::parallelSlots).orElse(null),
        local.map(LocalDeployment::contextPerSlot).orElse(null),
        meetsLatency(),
        meetsBudget(),
        meetsQuality(),
        meetsDataLocality(),
        meetsCapacity(),
        reasons,
        cost,
        unknown(),
        local.map(LocalDeployment::engine).orElse(null),
        local.flatMap(LocalDeployment::vllm).map(VllmServing::json).orElse(null));
  }

  /**
   * The figures no source gives for this candidate, so that a constraint it cannot be checked
   * against is told apart from one it misses: a cloud offering's time to first token or output
   * speed, and a quality score.
   */
  List<String> unknown() {
    List<String> out = new java.util.ArrayList<>();
    if (local.isEmpty() && predicted.timeToFirstTokenMs() == null) {
      out.add("timeToFirstToken");
    }
    if (local.isEmpty() && predicted.generationTokensPerSecond() == null) {
      out.add("outputSpeed");
    }
    if (quality.isEmpty()) {
      out.add("quality");
    }
    return List.copyOf(out);
  }

  /**
   * The JSON shape of a recommendation in {@code /api/advice}: flat, with null where a cloud
   * offering has no local part, and dollars as numbers. Clients (the web UI among them) read these
   * names, so they change only with the API.
   *
   * @param id see {@link RecommendationId}
   * @param kind {@code cloud} or {@code local}
   * @param acquisition {@code owned}, {@code buy} or {@code rent}
   * @param replicas servers behind the balancer; 1 for a cloud offering
   * @param devicesPerServer devices in each server that split the model's layers; 1 for a cloud
   *     offering
   * @param contextTokens the context window of each parallel slot a local candidate is sized for;
   *     null for a cloud offering
   * @param parallelSlots sequences each local server runs at once ({@code OLLAMA_NUM_PARALLEL}),
   *     chosen by the advisor unless the workload fixed them; null for a cloud offering
   * @param contextPerSlot the context window each slot holds ({@code num_ctx}); null for a cloud
   *     offering
   * @param unknown the figures no source gives ({@code timeToFirstToken}, {@code outputSpeed},
   *     {@code quality}): a constraint that needs one is unknown, not missed
   * @param engine {@code ollama} or {@code vllm} for a local candidate; absent for a cloud offering
   * @param vllm the arguments vLLM is started with; absent unless the engine is vLLM
   */
  public record Json(
      String id,
      String kind,
      String provider,
      String model,
      String modelId,
      String preset,
      String quantization,
      String hardware,
      String hardwareId,
      String acquisition,
      int replicas,
      int devicesPerServer,
      JsonPredicted predicted,
      Double quality,
      Long parameters,
      Long contextTokens,
      Integer parallelSlots,
      Long contextPerSlot,
      boolean meetsLatency,
      boolean meetsBudget,
      boolean meetsQuality,
      boolean meetsDataLocality,
      boolean meetsCapacity,
      List<String> reasons,
      CostBreakdown cost,
      List<String> unknown,
      @JsonInclude(JsonInclude.Include.NON_NULL) String engine,
      @JsonInclude(JsonInclude.Include.NON_NULL) VllmServing.Json vllm) {

    /**
     * {@link Predicted} with the memory of a local candidate, as the API has always shown it.
     *
     * @param serverUtilization see {@link Predicted#serverUtilization()}
     * @param meanBatch see {@link Predicted#meanBatch()}
     */
    public record JsonPredicted(
        Double p50LatencyMs,
        Double p95LatencyMs,
        Double timeToFirstTokenMs,
        Double p95TimeToFirstTokenMs,
        Double generationTokensPerSecond,
        double monthlyCostUsd,
        double costPerMillionTokensUsd,
        Long memoryBytes,
        Boolean fits,
        Integer gpuLayers,
        Integer totalLayers,
        Double serverUtilization,
        Double meanBatch) {}
  }
}
