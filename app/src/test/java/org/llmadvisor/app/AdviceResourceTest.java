package org.llmadvisor.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdviceResourceTest {

  private static ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/api/advice").then();
  }

  @Test
  void should_rank_and_explain_for_a_light_workload() {
    post("""
            {"workload": {"requestsPerDay": 1000, "activeHoursPerDay": 8, "peakFactor": 2,
                          "inputTokens": 500, "outputTokens": 200, "parallel": 4},
             "latencyTargetMs": 10000, "latencyTarget": "end-to-end", "monthlyBudgetUsd": 200,
             "dataMustStayLocal": false, "allowRentedHardware": true}
            """)
        .statusCode(200)
        .body("best", startsWith("openai/"))
        .body("recommendations[0].kind", equalTo("cloud"))
        .body("recommendations[0].predicted.monthlyCostUsd", notNullValue())
        .body("recommendations[0].reasons.size()", greaterThan(3))
        .body("breakEven[0].message", containsString("requests a month"))
        .body("qualityCurve.size()", greaterThan(3))
        .body("excluded.id", hasItem("openai/gpt-4"));
  }

  @Test
  void should_keep_data_local_when_asked() {
    post("""
            {"workload": {"requestsPerDay": 5000, "activeHoursPerDay": 8, "peakFactor": 2,
                          "inputTokens": 400, "outputTokens": 150, "parallel": 4},
             "latencyTargetMs": 15000, "dataMustStayLocal": true,
             "hardware": ["rtx-4090", {"id": "a100-80gb-sxm", "acquisition": "rent"}]}
            """)
        .statusCode(200)
        .body("best", startsWith("ollama/"))
        .body(
            "recommendations.findAll { it.kind == 'cloud' }.meetsDataLocality",
            everyItem(equalTo(false)))
        .body(
            "recommendations.findAll { it.kind == 'local' }.hardwareId",
            everyItem(not(equalTo("rtx-3060-12gb"))));
  }

  @Test
  void should_return_no_best_and_a_relaxation_when_the_budget_is_too_small() {
    post("""
            {"workload": {"requestsPerDay": 50000, "activeHoursPerDay": 8, "peakFactor": 3,
                          "inputTokens": 500, "outputTokens": 200, "parallel": 8},
             "latencyTargetMs": 10000, "monthlyBudgetUsd": 1}
            """)
        .statusCode(200)
        .body("best", nullValue())
        .body("relax.constraint", hasItem("monthlyBudgetUsd"))
        .body(
            "relax.find { it.constraint == 'monthlyBudgetUsd' }.message",
            startsWith("Raise the monthly budget"));
  }

  @Test
  void should_reject_bad_input_naming_the_field() {
    post("{\"latencyTargetMs\": 1000}").statusCode(400).body("error.field", equalTo("workload"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 0}, \"latencyTargetMs\": 1000}")
        .statusCode(400)
        .body("error.field", equalTo("workload.outputTokens"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5, \"peakFactor\": 0.5}, \"latencyTargetMs\": 1000}")
        .statusCode(400)
        .body("error.field", equalTo("workload.peakFactor"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5}, \"latencyTargetMs\": 1000, \"latencyTarget\": \"p99\"}")
        .statusCode(400)
        .body("error.field", equalTo("latencyTarget"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5}, \"latencyTargetMs\": 1000, \"hardware\": [\"gtx-9999\"]}")
        .statusCode(400)
        .body("error.field", equalTo("hardware[0]"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5}, \"latencyTargetMs\": 1000, \"hardware\": [{\"id\": \"l4\", \"acquisition\": \"buy\"}]}")
        .statusCode(400)
        .body("error.field", equalTo("hardware[0].purchaseUsd"));
    post("{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5}, \"latencyTargetMs\": 1000, \"hardware\": [{\"kind\": \"gpu\", \"memoryGiB\": 8}]}")
        .statusCode(400)
        .body("error.field", equalTo("hardware[0].memoryBandwidthGBps"));
    post("{\"workload\": {\"requestsPerDay\": \"many\"}, \"latencyTargetMs\": 1000}")
        .statusCode(400)
        .body("error.field", equalTo("workload.requestsPerDay"));
  }

  @Test
  void should_list_offerings_and_ollama_tags() {
    given()
        .get("/api/catalog/offerings")
        .then()
        .statusCode(200)
        .body("find { it.id == 'openai/gpt-4o-mini' }.inputUsdPerMillion", equalTo(0.15f))
        .body("find { it.id == 'openai/gpt-4o-mini' }.priceSource", containsString("http"));
    given()
        .get("/api/catalog/ollama")
        .then()
        .statusCode(200)
        .body("tag", hasItem("llama2:7b-chat-q4_0"));
  }

  @Test
  void should_list_the_quantization_recipes_largest_first_with_the_common_ladder_marked() {
    given()
        .get("/api/catalog/quantizations")
        .then()
        .statusCode(200)
        .body(
            "findAll { it.common }.name",
            equalTo(
                java.util.List.of(
                    "F16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "Q3_K_M", "Q2_K")))
        .body("find { it.name == 'Q4_K_M' }.baseType", equalTo("Q4_K"))
        .body("find { it.name == 'Q4_0' }.ollamaTags", greaterThan(0))
        .body("find { it.name == 'IQ1_S' }.common", equalTo(false));
  }

  @Test
  void should_carry_the_figures_the_web_ui_reads_when_advising() {
    post("""
            {"workload": {"requestsPerDay": 1000, "activeHoursPerDay": 8, "peakFactor": 2,
                          "inputTokens": 500, "outputTokens": 200, "parallel": 4},
             "latencyTargetMs": 10000, "hardware": ["rtx-4090"]}
            """)
        .statusCode(200)
        .body("workload.requestsPerMonth", equalTo(30437.5f))
        .body("recommendations.find { it.kind == 'local' }.contextTokens", greaterThan(0))
        .body(
            "recommendations.find { it.kind == 'local' }.predicted.serverUtilization",
            notNullValue())
        .body("recommendations.find { it.kind == 'local' }.predicted.meanBatch", notNullValue())
        .body("recommendations.find { it.kind == 'cloud' }.contextTokens", nullValue())
        .body(
            "recommendations.find { it.kind == 'cloud' }.predicted.serverUtilization", nullValue());
  }
}
