package org.llmadvisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.EstimateRequest;
import org.llmadvisor.service.EstimateService;
import org.llmadvisor.service.ServiceJson;

class AdvisorCliTest {

  @TempDir Path data;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return ServiceJson.mapper().readTree(out);
    }
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env =
        Map.of(
            "ADVISOR_DATA_DIR", data.toString(),
            "ADVISOR_MACHINE_MEASURE_DURATION", "100ms",
            "ADVISOR_MACHINE_MEASURE_MIB", "32",
            "ADVISOR_MACHINE_OLLAMA_URL", "http://127.0.0.1:9");
    int code = AdvisorCli.run(env, new PrintWriter(out), new PrintWriter(err), args);
    Run r = new Run(code, out.toString(), err.toString());
    assertThat(r.err()).as("never a stack trace").doesNotContain("\tat ", "Exception");
    return r;
  }

  @Test
  void should_print_the_json_of_the_estimate_service_when_json_is_asked() {
    Run r =
        run(
            "estimate",
            "--model",
            "llama-2-7b",
            "-q",
            "Q4_K_M",
            "--hardware",
            "rtx-4090",
            "--context",
            "4096",
            "--json");

    String expected =
        ServiceJson.write(
            new EstimateService(Catalogs.load(Optional.empty()))
                .estimate(
                    new EstimateRequest(
                        new org.llmadvisor.service.ModelRef.Preset("llama-2-7b"),
                        "Q4_K_M",
                        4096L,
                        null,
                        null,
                        new org.llmadvisor.service.HardwareRef.CatalogId("rtx-4090"),
                        null,
                        null,
                        null,
                        null,
                        null)));
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo(expected);
  }

  @Test
  void should_print_a_table_and_a_verdict_by_default() {
    Run r = run("estimate", "--model", "llama-2-7b", "--hardware", "rtx-4090");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("llama-2-7b at Q4_K_M on NVIDIA GeForce RTX 4090")
        .contains("6,738,415,616")
        .contains("Fits: ");
  }

  @Test
  void should_exit_2_naming_the_flag_when_a_number_is_out_of_range() {
    Run r = run("estimate", "--model", "llama-2-7b", "--hardware", "rtx-4090", "--context", "-5");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("--context: must be between 1 and 10000000, was -5");
  }

  @Test
  void should_print_each_commands_usage_when_help_is_asked_after_it() {
    for (String command :
        new String[] {"estimate", "advise", "fit", "system", "models", "hardware", "mcp"}) {
      Run r = run(command, "--help");

      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).startsWith("Usage: advisor " + command);
    }
  }

  @Test
  void should_point_a_refused_flag_to_a_help_that_exists() {
    Run r = run("advise", "--no-such-flag");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("See: ./advisor advise --help");
    assertThat(run("advise", "--help").code()).isZero();
  }

  @Test
  void should_exit_2_naming_the_flag_when_a_model_is_not_in_the_catalog() {
    Run r = run("estimate", "--model", "llama-9", "--hardware", "rtx-4090");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith(
            "--model: 'llama-9' names no model known here; tried a preset id (see ./advisor"
                + " models), an Ollama tag");
  }

  @Test
  void should_exit_2_naming_the_flag_when_a_value_is_not_a_number() {
    Run r = run("estimate", "--model", "llama-2-7b", "--hardware", "rtx-4090", "--context", "many");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--context").contains("'many'");
  }

  @Test
  void should_exit_2_when_no_model_is_given() {
    Run r = run("estimate", "--hardware", "rtx-4090");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--model: give exactly one of --model, --config or --gguf");
  }

  @Test
  void should_read_a_hugging_face_config_when_config_is_given() throws Exception {
    Path config = data.resolve("config.json");
    Files.writeString(
        config,
        """
        {"model_type": "llama", "vocab_size": 32000, "hidden_size": 4096,
         "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
         "num_key_value_heads": 32, "max_position_embeddings": 4096, "rms_norm_eps": 1e-5,
         "tie_word_embeddings": false}
        """);

    Run r = run("estimate", "--config", config.toString(), "--hardware", "rtx-4090", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().at("/parameters/total").asLong()).isEqualTo(6_738_415_616L);
  }

  @Test
  void should_name_the_field_of_a_request_file_when_it_is_refused() throws Exception {
    Path request = data.resolve("request.json");
    Files.writeString(
        request,
        """
        {"workload": {"requestsPerDay": 1000, "inputTokens": 500, "outputTokens": 200,
                      "peakFactor": 0.5},
         "latencyTargetMs": 8000}
        """);

    Run r = run("advise", "--request", request.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("workload.peakFactor must be between 1 and 1000");
  }

  @Test
  void should_name_the_flag_when_a_workload_flag_is_refused() {
    Run r =
        run(
            "advise",
            "--requests-per-day",
            "1000",
            "--input-tokens",
            "500",
            "--output-tokens",
            "200",
            "--peak-factor",
            "0.5",
            "--latency-target-ms",
            "8000");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("--peak-factor: must be between 1 and 1000");
  }

  @Test
  void should_rank_deployments_when_advice_is_asked_with_flags() throws Exception {
    Run r =
        run(
            "advise",
            "--requests-per-day",
            "20000",
            "--active-hours",
            "10",
            "--input-tokens",
            "500",
            "--output-tokens",
            "200",
            "--latency-target-ms",
            "8000",
            "--budget",
            "300",
            "--hardware",
            "rtx-4090",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("recommendations").size()).isPositive();
    assertThat(r.json().get("measured").isObject()).isTrue();
  }

  @Test
  void should_hold_llama_3_70b_on_two_owned_cards_when_the_count_follows_the_id() throws Exception {
    Run r =
        run(
            "advise",
            "--requests-per-day",
            "2000",
            "--input-tokens",
            "500",
            "--output-tokens",
            "200",
            "--latency-target-ms",
            "30000",
            "--local-only",
            "--hardware",
            "rtx-4090:2",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    var recs = r.json().get("recommendations");
    boolean held = false;
    for (var x : recs) {
      held |=
          x.get("modelId").asText().startsWith("llama3:70b")
              && x.get("devicesPerServer").asInt() == 2
              && x.get("meetsCapacity").asBoolean();
    }
    assertThat(held).as(recs.toString()).isTrue();
  }

  @Test
  void should_refuse_a_cloud_to_compare_with_when_data_must_stay_local() {
    Run r =
        run(
            "advise",
            "--requests-per-day",
            "2000",
            "--input-tokens",
            "500",
            "--output-tokens",
            "200",
            "--latency-target-ms",
            "30000",
            "--local-only",
            "--compare-with",
            "openai/gpt-4o-mini");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("--compare-with").contains("dataMustStayLocal");
  }

  @Test
  void should_draw_the_break_even_against_the_named_offering_when_one_is_named() throws Exception {
    Run r =
        run(
            "advise",
            "--requests-per-day",
            "2000",
            "--input-tokens",
            "500",
            "--output-tokens",
            "200",
            "--latency-target-ms",
            "30000",
            "--compare-with",
            "azure/gpt-4.1",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("breakEven").get(0).get("b").asText()).isEqualTo("azure/gpt-4.1");
  }

  @Test
  void should_size_a_server_of_two_cards_when_devices_per_server_is_given() throws Exception {
    Run r =
        run(
            "estimate",
            "--model",
            "llama-3-70b",
            "-q",
            "Q4_K_M",
            "--hardware",
            "rtx-4090",
            "--devices-per-server",
            "2",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().findValue("devices").asInt()).isEqualTo(2);
  }

  @Test
  void should_refuse_an_unknown_field_in_a_request_read_from_a_file() throws Exception {
    Path request = data.resolve("request.json");
    Files.writeString(request, "{\"workload\": {\"requestsPerDay\": 1}, \"colour\": \"red\"}");

    Run r = run("advise", "--request", request.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("colour is not a known field");
  }

  @Test
  void should_list_the_catalog_rows_filtered() throws Exception {
    Run r = run("hardware", "--kind", "apple", "--min-memory", "64", "--json");

    assertThat(r.code()).isZero();
    assertThat(r.json().size()).isPositive();
    r.json()
        .forEach(
            h -> {
              assertThat(h.get("kind").asText()).isEqualTo("apple");
              assertThat(h.get("memoryGiB").asDouble()).isGreaterThanOrEqualTo(64);
            });
  }

  @Test
  void should_exit_2_naming_the_flag_when_a_filter_is_refused() {
    Run r = run("hardware", "--kind", "tpu");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("--kind: must be gpu|apple|cpu, was 'tpu'");
  }

  @Test
  void should_list_models_of_a_family() throws Exception {
    Run r = run("models", "--family", "llama", "--json");

    assertThat(r.code()).isZero();
    assertThat(r.json().size()).isPositive();
    r.json().forEach(m -> assertThat(m.get("family").asText()).containsIgnoringCase("llama"));
  }

  @Test
  void should_rank_what_runs_on_this_machine_when_fit_is_asked() throws Exception {
    Run r = run("fit", "--limit", "5", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("models").size()).isBetween(1, 5);
    assertThat(j.get("verdict").asText()).isNotBlank();
    assertThat(j.at("/hardware/id").asText()).isEqualTo("local");
  }

  @Test
  void should_exit_2_naming_the_flag_when_fit_gets_an_unknown_quantization() {
    Run r = run("fit", "-q", "Q4_K_M,Q9");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("--quantization (quantizations[1]): 'Q9' is not a llama.cpp");
  }

  @Test
  void should_describe_this_machine_as_the_system_endpoint_does() throws Exception {
    Run r = run("system", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().fieldNames())
        .toIterable()
        .containsExactly(
            "os", "cpu", "memory", "gpus", "unifiedMemory", "ollama", "measurement", "notes");
  }

  @Test
  void should_exit_2_when_the_command_is_unknown() {
    Run r = run("estimmate");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("estimmate");
  }
}
