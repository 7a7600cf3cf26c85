package org.llmadvisor.app.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.params.CoreProtocolPNames;
import org.junit.jupiter.api.Test;

/**
 * Every JSON endpoint of /api and /v1 against malformed, mistyped, out-of-range, unknown, huge and
 * oversized input: always a 4xx with a JSON error that says what is wrong; never a 500.
 */
@QuarkusTest
class BadInputTest {

  static final String HUGE_STRING = "x".repeat(2 * 1024 * 1024);

  // The server answers an over-limit body with 413 from its Content-Length and closes the
  // connection; a client that waits for 100 Continue reads that answer instead of racing it with
  // a broken pipe, as curl and most HTTP clients do for large bodies.
  static final RestAssuredConfig EXPECT_CONTINUE =
      RestAssured.config()
          .httpClient(
              HttpClientConfig.httpClientConfig()
                  .setParam(CoreProtocolPNames.USE_EXPECT_CONTINUE, true));

  static final Map<String, List<String>> BAD =
      Map.of(
          "/api/estimate",
              List.of(
                  "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"contextTokens\": 0}",
                  "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"contextTokens\": 1e300}",
                  "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"promptTokens\": -1}",
                  "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"parallel\": 99999999999}",
                  "{\"model\": \"llama-2-7b\", \"hardware\": {\"kind\": \"gpu\", \"memoryGiB\": \"NaN\", \"memoryBandwidthGBps\": 100}}",
                  "{\"model\": \"llama-2-7b\", \"hardware\": {\"kind\": \"gpu\", \"memoryGiB\": 1e308, \"memoryBandwidthGBps\": 100}}",
                  "{\"model\": {\"vocabSize\": 99999999999, \"hiddenSize\": 4096, \"layers\": 32, \"attentionHeads\": 32, \"intermediateSize\": 11008}, \"hardware\": \"rtx-4090\"}",
                  "{\"model\": {\"vocabSize\": 32000, \"hiddenSize\": 4096, \"layers\": 32, \"attentionHeads\": 32, \"kvHeads\": 5, \"intermediateSize\": 11008}, \"hardware\": \"rtx-4090\"}",
                  "{\"model\": [1, 2, 3], \"hardware\": \"rtx-4090\"}",
                  "{\"model\": {\"model_type\": \"llama\", \"hidden_size\": \"big\"}, \"hardware\": \"rtx-4090\"}"),
          "/api/advice",
              List.of(
                  "{\"workload\": {\"requestsPerDay\": 0, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": 100}",
                  "{\"workload\": {\"requestsPerDay\": 1e20, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": 100}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1, \"activeHoursPerDay\": 25}, \"latencyTargetMs\": 100}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1, \"parallel\": 0}, \"latencyTargetMs\": 100}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": -5}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": 100, \"qualityFloor\": 101}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": 100, \"hardware\": ["
                      + "\"rtx-4090\",".repeat(100)
                      + "\"rtx-4090\"]}",
                  "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1, \"unknown\": 1}, \"latencyTargetMs\": 100}",
                  "{\"workload\": \"heavy\", \"latencyTargetMs\": 100}"),
          "/api/plan",
              List.of(
                  "{}",
                  "{\"deploymentIds\": [\"nope\"]}",
                  "{\"recommendationId\": \"mainframe/x\"}",
                  "{\"deploymentIds\": [], \"recommendationId\": null}",
                  "{\"deploymentIds\": \"all\"}",
                  "{\"recommendationId\": \"ollama/x\", \"latencyTargetMs\": 0}",
                  "{\"recommendationId\": \"ollama/x\", \"monthlyBudgetUsd\": -1}"),
          "/v1/chat/completions",
              List.of(
                  "{\"model\": \"auto\", \"messages\": []}",
                  "{\"model\": 7, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                  "{\"model\": \"auto\", \"messages\": \"hello\"}",
                  "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}",
                  "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_tokens\": -3}",
                  "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"top_p\": 7}",
                  "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"n\": 3}",
                  "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stream\": \"yes\"}",
                  "{\"model\": \"auto\", \"messages\": ["
                      + "{\"role\": \"user\", \"content\": \"x\"},".repeat(1500)
                      + "{\"role\": \"user\", \"content\": \"x\"}]}"));

  static final List<String> ANY =
      List.of(
          "", "{", "[]", "null", "\"text\"", "{\"a\": }", "{\"model\": \"" + HUGE_STRING + "\"}");

  @Test
  void should_answer_every_bad_body_with_a_clear_4xx() {
    List<String> report = new ArrayList<>();
    int tried = 0;
    for (var e : BAD.entrySet()) {
      List<String> bodies = new ArrayList<>(e.getValue());
      bodies.addAll(ANY);
      for (String body : bodies) {
        Response r =
            given()
                .config(EXPECT_CONTINUE)
                .contentType(ContentType.JSON)
                .body(body)
                .post(e.getKey());
        tried++;
        String shown = body.length() > 80 ? body.substring(0, 80) + "..." : body;
        assertThat(r.statusCode())
            .as("%s %s -> %s", e.getKey(), shown, r.asString())
            .isBetween(400, 499);
        String message = r.jsonPath().getString("error.message");
        assertThat(message).as("%s %s", e.getKey(), shown).isNotBlank();
        assertNoJava(message, e.getKey() + " " + shown);
        report.add(e.getKey() + " " + r.statusCode());
      }
    }
    System.out.printf("bad input: %d bodies against %d endpoints, all 4xx%n", tried, BAD.size());
  }

  @Test
  void should_name_the_field_for_typed_mistakes() {
    assertThat(
            given()
                .contentType(ContentType.JSON)
                .body(
                    "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"contextTokens\": \"many\"}")
                .post("/api/estimate")
                .jsonPath()
                .getString("error.field"))
        .isEqualTo("contextTokens");
    assertThat(
            given()
                .contentType(ContentType.JSON)
                .body(
                    "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1}, \"latencyTargetMs\": 100, \"qualityFloor\": 101}")
                .post("/api/advice")
                .jsonPath()
                .getString("error.field"))
        .isEqualTo("qualityFloor");
    assertThat(
            given()
                .contentType(ContentType.JSON)
                .body(
                    "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"top_p\": 7}")
                .post("/v1/chat/completions")
                .jsonPath()
                .getString("error.param"))
        .isEqualTo("top_p");
    assertThat(
            given()
                .queryParam("month", "2026-13")
                .get("/api/usage")
                .jsonPath()
                .getString("error.field"))
        .isEqualTo("month");
    assertThat(given().queryParam("format", "zip").get("/api/plan/bundle").statusCode())
        .isBetween(400, 499);
  }

  static final String WORKLOAD =
      "{\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1}";

  static String advice(String rest) {
    return "{\"workload\": " + WORKLOAD + ", \"latencyTargetMs\": 1000" + rest + "}";
  }

  static String estimate(String rest) {
    return "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\"" + rest + "}";
  }

  @Test
  void should_refuse_a_fraction_where_an_integer_is_expected() {
    assertRefused(
        "/api/estimate",
        estimate(", \"contextTokens\": 4096.5"),
        "contextTokens",
        "must be an integer",
        "4096.5");
    assertRefused(
        "/api/advice",
        "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1, \"parallel\": 2.5}, \"latencyTargetMs\": 1000}",
        "workload.parallel",
        "must be an integer",
        "2.5");
  }

  @Test
  void should_read_a_whole_number_written_with_a_fraction_as_before() {
    String whole =
        given()
            .contentType(ContentType.JSON)
            .body(estimate(", \"contextTokens\": 4096"))
            .post("/api/estimate")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String written =
        given()
            .contentType(ContentType.JSON)
            .body(estimate(", \"contextTokens\": 4096.0"))
            .post("/api/estimate")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(written).isEqualTo(whole);
  }

  @Test
  void should_refuse_anything_after_the_json_value() {
    assertRefused(
        "/api/estimate", estimate("") + " {\"contextTokens\": 8192}", "body", "one JSON object");
    assertRefused("/api/advice", advice("") + " 1", "body", "one JSON object");
    Response garbage =
        given().contentType(ContentType.JSON).body(estimate("") + " garbage").post("/api/estimate");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.jsonPath().getString("error.code")).isEqualTo("invalid_json");
    assertThat(garbage.jsonPath().getString("error.message")).contains("line 1, column");
    assertNoJava(garbage.jsonPath().getString("error.message"), "trailing garbage");
  }

  @Test
  void should_refuse_an_empty_hardware_list_rather_than_consider_every_device() {
    assertRefused("/api/advice", advice(", \"hardware\": []"), "hardware", "at least one device");
  }

  @Test
  void should_name_the_nested_field_and_what_it_must_be() {
    assertRefused(
        "/api/advice",
        "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 1, \"outputTokens\": 1, \"peakFactor\": \"steep\"}, \"latencyTargetMs\": 1000}",
        "workload.peakFactor",
        "must be a number",
        "steep");
    assertRefused(
        "/api/advice",
        advice(", \"hardware\": [\"rtx-4090\", {\"id\": \"l4\", \"acquisition\": \"lease\"}]"),
        "hardware[1].acquisition",
        "owned|buy|rent",
        "lease");
    assertRefused(
        "/api/advice",
        advice(
            ", \"hardware\": [{\"kind\": \"gpu\", \"memoryGiB\": 8, \"memoryBandwidthGBps\": \"fast\"}]"),
        "hardware[0].memoryBandwidthGBps",
        "must be a number");
    assertRefused(
        "/api/advice", advice(", \"hardware\": [5]"), "hardware[0]", "a catalog id or an object");
    assertRefused(
        "/api/advice", advice(", \"hardware\": \"rtx-4090\""), "hardware", "must be a list");
    assertRefused(
        "/api/advice",
        advice(", \"dataMustStayLocal\": \"perhaps\""),
        "dataMustStayLocal",
        "true or false");
    assertRefused(
        "/api/advice",
        "{\"workload\": \"heavy\", \"latencyTargetMs\": 1000}",
        "workload",
        "must be an object");
    assertRefused(
        "/api/estimate",
        estimate(", \"contextTokens\": \"many\""),
        "contextTokens",
        "must be an integer",
        "many");
    assertRefused(
        "/api/estimate", estimate(", \"contextTokens\": 1e300"), "contextTokens", "out of range");
    assertRefused(
        "/api/estimate", estimate(", \"parallel\": 99999999999"), "parallel", "between 1 and 256");
    assertRefused(
        "/api/estimate",
        "{\"model\": [1, 2, 3], \"hardware\": \"rtx-4090\"}",
        "model",
        "a preset id or an object");
    assertRefused(
        "/api/estimate",
        "{\"model\": \"llama-2-7b\", \"hardware\": {\"memoryGiB\": 8, \"memoryBandwidthGBps\": 100, \"colour\": \"red\"}}",
        "hardware.colour",
        "not a known field",
        "memoryBandwidthGBps");
    assertRefused(
        "/api/estimate",
        "{\"model\": {\"model_type\": \"llama\", \"hidden_size\": \"big\", \"num_attention_heads\": 4, \"num_hidden_layers\": 2, \"intermediate_size\": 128, \"vocab_size\": 100}, \"hardware\": \"rtx-4090\"}",
        "model.hidden_size",
        "big");
    assertRefused("/api/plan", "{\"deploymentIds\": \"all\"}", "deploymentIds", "must be a list");
  }

  /** A 400 naming {@code field}, with a message that starts with it and says what is wrong. */
  static void assertRefused(String path, String body, String field, String... says) {
    Response r = given().contentType(ContentType.JSON).body(body).post(path);
    String shown = path + " " + body;
    assertThat(r.statusCode()).as("%s -> %s", shown, r.asString()).isEqualTo(400);
    assertThat(r.jsonPath().getString("error.field")).as(shown).isEqualTo(field);
    String message = r.jsonPath().getString("error.message");
    assertThat(message).as(shown).startsWith(field + " ").contains(says);
    assertNoJava(message, shown);
  }

  /** A message in the user's terms: no Java type, package or exception, no parser excerpt. */
  static void assertNoJava(String message, String what) {
    assertThat(message)
        .as(what)
        .doesNotContain(
            "java.", "org.llmadvisor", "com.fasterxml", "Exception", "[Source", "`", "$");
  }
}
