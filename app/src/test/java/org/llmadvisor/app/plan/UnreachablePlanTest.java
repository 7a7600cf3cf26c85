package org.llmadvisor.app.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.Await;
import org.llmadvisor.app.BackendsResource;

/**
 * A plan whose deployment does not answer still applies, but its status calls that deployment
 * unreachable instead of ready, and says so in its detail.
 */
@QuarkusTest
@TestProfile(UnreachablePlanTest.WithADeploymentThatIsDown.class)
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class UnreachablePlanTest {

  public static class WithADeploymentThatIsDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "advisor.deployments.gone.provider", "openai",
          "advisor.deployments.gone.base-url", "http://127.0.0.1:1/v1",
          "advisor.deployments.gone.model", "gpt-4o-mini",
          "advisor.deployments.gone.api-key", "sk-unreachable-test");
    }
  }

  @Test
  void should_call_a_deployment_unreachable_when_it_does_not_answer() {
    // the reachable one answers its readiness check (OpenAI: GET /models/{model})
    BackendsResource.server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                    "/v1/models/gpt-4o-mini"))
            .willReturn(
                BackendsResource.json(
                    200, org.llmadvisor.providers.Fixtures.read("openai/model.json"))));
    given()
        .contentType(ContentType.JSON)
        .body("{\"deploymentIds\": [\"gone\", \"cloud\"], \"latencyTargetMs\": 5000}")
        .post("/api/plan")
        .then()
        .statusCode(202);
    Await.until(
        "the plan to become active",
        Duration.ofSeconds(20),
        () -> "active".equals(given().get("/api/plan/status").jsonPath().getString("state")));

    JsonPath status = given().get("/api/plan/status").jsonPath();
    assertThat(status.getString("steps.find { it.deploymentId == 'gone' }.action"))
        .isEqualTo("unreachable");
    assertThat(status.getString("steps.find { it.deploymentId == 'cloud' }.action"))
        .isEqualTo("ready");
    assertThat(status.getString("detail")).contains("not answering now: [gone]");
  }
}
