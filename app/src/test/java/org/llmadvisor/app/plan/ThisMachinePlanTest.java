package org.llmadvisor.app.plan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.llmadvisor.app.BackendsResource.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.Await;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;

/**
 * "What runs on this machine" end to end: advice limited to this machine, its recommendation id
 * applied as a plan, served by the Ollama configured on loopback (whose hardware names another
 * device).
 */
@QuarkusTest
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class ThisMachinePlanTest {

  @Test
  void should_apply_a_recommendation_for_this_machine_from_an_advice_limited_to_it() {
    BackendsResource.server.resetAll();
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, "{\"models\": []}")));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/pull"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-ndjson")
                    .withBody(Fixtures.read("ollama/pull.ndjson"))));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    List<String> ids =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"workload\": {\"requestsPerDay\": 100, \"inputTokens\": 200, \"outputTokens\": 100},"
                    + " \"latencyTargetMs\": 600000, \"thisMachine\": \"only\"}")
            .post("/api/advice")
            .then()
            .statusCode(200)
            .body(
                "recommendations[0].reasons[0]",
                startsWith(
                    "Runs on this machine as detected: Test CPU 8-Core, 8 cores / 16 threads"))
            .body("recommendations[0].reasons[1]", startsWith("Speeds come from the token-read"))
            .body(
                "recommendations[0].reasons[2]",
                startsWith("Owned: no purchase cost; energy at 125 W"))
            .extract()
            .path("recommendations.id");
    assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(id).endsWith("@local"));
    String id = "ollama/llama2:7b-chat-q4_K_M@local";
    assertThat(ids).contains(id);

    given()
        .contentType(ContentType.JSON)
        .body("{\"recommendationId\": \"" + id + "\", \"latencyTargetMs\": 600000}")
        .post("/api/plan")
        .then()
        .statusCode(202);
    Await.until(
        "the plan to become active",
        Duration.ofSeconds(10),
        () -> "active".equals(given().get("/api/plan/status").then().extract().path("state")));

    given()
        .get("/api/plan")
        .then()
        .body("recommendationId", equalTo(id))
        .body("deploymentIds[0]", equalTo("local/llama2:7b-chat-q4_K_M"))
        .body("predicted.'local/llama2:7b-chat-q4_K_M'", notNullValue());
  }
}
