package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.cost.Acquisition;

/** The names and nesting that the web UI and API clients read from /api/advice. */
class RecommendationJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FIELDS =
      List.of(
          "id",
          "kind",
          "provider",
          "model",
          "modelId",
          "preset",
          "quantization",
          "hardware",
          "hardwareId",
          "acquisition",
          "replicas",
          "devicesPerServer",
          "predicted",
          "quality",
          "parameters",
          "contextTokens",
          "parallelSlots",
          "contextPerSlot",
          "meetsLatency",
          "meetsBudget",
          "meetsQuality",
          "meetsDataLocality",
          "meetsCapacity",
          "reasons",
          "cost",
          "unknown");

  private static final List<String> PREDICTED =
      List.of(
          "p50LatencyMs",
          "p95LatencyMs",
          "timeToFirstTokenMs",
          "p95TimeToFirstTokenMs",
          "generationTokensPerSecond",
          "monthlyCostUsd",
          "costPerMillionTokensUsd",
          "memoryBytes",
          "fits",
          "gpuLayers",
          "totalLayers",
          "serverUtilization",
          "meanBatch");

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void should_write_the_flat_shape_with_nulls_when_the_candidate_is_in_the_cloud() {
    var cloud =
        Candidates.cloud(
            "gpt-4o-mini",
            15.827499999999999,
            0.0005,
            0.74,
            7_000.0,
            82.0,
            Set.of(Constraint.BUDGET));

    JsonNode n = JSON.valueToTree(cloud);

    assertThat(names(n)).containsExactlyElementsOf(FIELDS);
    assertThat(names(n.get("predicted"))).containsExactlyElementsOf(PREDICTED);
    assertThat(n.get("id").asText()).isEqualTo("openai/gpt-4o-mini");
    assertThat(n.get("kind").asText()).isEqualTo("cloud");
    assertThat(n.get("preset").isNull()).isTrue();
    assertThat(n.get("acquisition").isNull()).isTrue();
    assertThat(n.get("replicas").intValue()).isEqualTo(1);
    assertThat(n.get("devicesPerServer").intValue()).isEqualTo(1);
    assertThat(n.get("parameters").isNull()).isTrue();
    assertThat(n.get("parallelSlots").isNull()).isTrue();
    assertThat(n.get("contextPerSlot").isNull()).isTrue();
    assertThat(n.get("predicted").get("memoryBytes").isNull()).isTrue();
    assertThat(n.get("predicted").get("monthlyCostUsd").doubleValue())
        .isEqualTo(15.827499999999999);
    assertThat(n.get("meetsBudget").asBoolean()).isFalse();
    assertThat(n.get("meetsLatency").asBoolean()).isTrue();
    assertThat(n.get("cost").get("usdPerRequest").doubleValue()).isEqualTo(0.0005);
    assertThat(n.get("unknown")).isEmpty();
  }

  @Test
  void should_write_the_local_part_when_the_candidate_runs_on_ollama() {
    var local =
        Candidates.local(
            "llama2:7b-chat-q4_K_M",
            "llama-2-7b",
            "rtx-4090",
            Acquisition.RENT,
            500,
            0.0001,
            530,
            0.1,
            900.0,
            45.3,
            Set.of());

    JsonNode n = JSON.valueToTree(local);

    List<String> localFields = new ArrayList<>(FIELDS);
    localFields.add("engine");
    assertThat(names(n)).containsExactlyElementsOf(localFields);
    assertThat(n.get("engine").asText()).isEqualTo("ollama");
    assertThat(n.has("vllm")).as("vLLM's arguments only for a vLLM candidate").isFalse();
    assertThat(n.get("id").asText()).isEqualTo("ollama/llama2:7b-chat-q4_K_M@rtx-4090:rent");
    assertThat(n.get("kind").asText()).isEqualTo("local");
    assertThat(n.get("acquisition").asText()).isEqualTo("rent");
    assertThat(n.get("hardwareId").asText()).isEqualTo("rtx-4090");
    assertThat(n.get("replicas").intValue()).isEqualTo(1);
    assertThat(n.get("devicesPerServer").intValue()).isEqualTo(1);
    assertThat(n.get("parameters").asLong()).isEqualTo(7_000_000_000L);
    assertThat(n.get("predicted").get("memoryBytes").asLong()).isEqualTo(5_000_000_000L);
    assertThat(n.get("predicted").get("fits").asBoolean()).isTrue();
    assertThat(n.get("parallelSlots").intValue()).isEqualTo(1);
    assertThat(n.get("contextPerSlot").longValue()).isEqualTo(n.get("contextTokens").longValue());
    assertThat(n.get("meetsDataLocality").asBoolean()).isTrue();
  }
}
