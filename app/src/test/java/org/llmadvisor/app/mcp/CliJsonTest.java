package org.llmadvisor.app.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.cli.AdvisorCli;

/**
 * {@code ./advisor ... --json} prints exactly what the HTTP API answers for the same request: the
 * same bytes for an estimate and the catalogs, the same JSON for advice.
 */
@QuarkusTest
class CliJsonTest {

  @Inject ObjectMapper mapper;

  static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AdvisorCli.run(Map.of(), new PrintWriter(out), new PrintWriter(err), args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString().strip();
  }

  @Test
  void should_print_the_estimate_the_http_api_answers_when_json_is_asked() {
    String http =
        given()
            .contentType("application/json")
            .body(
                "{\"model\": \"llama-2-7b\", \"quantization\": \"Q4_K_M\", \"contextTokens\":"
                    + " 4096, \"parallel\": 2, \"kvCacheType\": \"q8_0\", \"hardware\":"
                    + " \"rtx-4090\", \"promptTokens\": 512, \"outputTokens\": 128}")
            .post("/api/estimate")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    String cli =
        cli(
            "estimate",
            "--model=llama-2-7b",
            "--quantization=Q4_K_M",
            "--context=4096",
            "--parallel=2",
            "--kv-cache-type=q8_0",
            "--hardware=rtx-4090",
            "--prompt-tokens=512",
            "--output-tokens=128",
            "--json");

    assertThat(cli).isEqualTo(http);
  }

  @Test
  void should_print_the_catalogs_the_http_api_lists_when_json_is_asked() {
    assertThat(cli("models", "--json"))
        .isEqualTo(given().get("/api/catalog/models").then().extract().asString());
    assertThat(cli("hardware", "--json"))
        .isEqualTo(given().get("/api/catalog/hardware").then().extract().asString());
  }

  @Test
  void should_print_the_advice_the_http_api_answers_when_json_is_asked() throws Exception {
    String body =
        "{\"workload\": {\"requestsPerDay\": 20000, \"activeHoursPerDay\": 10, \"peakFactor\": 2,"
            + " \"inputTokens\": 500, \"outputTokens\": 200, \"parallel\": 8},"
            + " \"latencyTargetMs\": 8000, \"monthlyBudgetUsd\": 300,"
            + " \"hardware\": [\"rtx-4090\", {\"id\": \"a100-80gb-sxm\", \"acquisition\": \"rent\"}],"
            // this machine is the tests' fixed one over HTTP and the real one on the command line
            + " \"thisMachine\": \"exclude\"}";
    JsonNode http =
        mapper.readTree(
            given()
                .contentType("application/json")
                .body(body)
                .post("/api/advice")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    java.nio.file.Path file = java.nio.file.Files.createTempFile("advice", ".json");
    java.nio.file.Files.writeString(file, body);

    JsonNode cli = mapper.readTree(cli("advise", "--request", file.toString(), "--json"));

    // measured holds what configured deployments measured; the command line has none configured
    ((com.fasterxml.jackson.databind.node.ObjectNode) http).remove("measured");
    ((com.fasterxml.jackson.databind.node.ObjectNode) cli).remove("measured");
    assertThat(cli).isEqualTo(http);
  }
}
