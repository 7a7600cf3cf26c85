package org.llmadvisor.app.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.llmadvisor.app.BackendsResource.json;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.Await;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;

/**
 * A plan applied with {@code "latencyTarget": "first-token"} reaches the router: {@code model:
 * "auto"} moves away from a deployment whose measured p95 time to first token misses the target,
 * while the same measurements under an end-to-end target keep the plan's order.
 */
@QuarkusTest
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class FirstTokenPlanTest {

  @Inject LatencyWindows windows;
  @Inject CircuitBreakers breakers;

  @BeforeEach
  void reset() {
    BackendsResource.server.resetAll();
    windows.clear();
    breakers.reset();
    for (String model : new String[] {"gpt-4o-mini", "gpt-4o"}) {
      BackendsResource.server.stubFor(
          post(urlPathEqualTo("/v1/chat/completions"))
              .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo(model)))
              .willReturn(
                  json(200, Fixtures.read("openai/chat.json").replace("gpt-4o-mini", model))));
    }
  }

  /** Applies cloud then premium with a 1 s target of the given kind, and waits until active. */
  static void applyPlan(String latencyTarget) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"deploymentIds\": [\"cloud\", \"premium\"], \"latencyTargetMs\": 1000,"
                + " \"latencyTarget\": \""
                + latencyTarget
                + "\"}")
        .post("/api/plan")
        .then()
        .statusCode(202);
    Await.until(
        "the plan to become active",
        Duration.ofSeconds(10),
        () -> "active".equals(given().get("/api/plan/status").then().extract().path("state")));
  }

  /** What the gateway has measured: cloud starts late and ends soon, premium the reverse. */
  void measure() {
    for (int i = 0; i < 3; i++) {
      windows.record(RouterTest.success("cloud", 1_500L, 1_800, Instant.now()));
      windows.record(RouterTest.success("premium", 200L, 5_000, Instant.now()));
    }
  }

  static String servedBy() {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(200)
        .extract()
        .header("x-advisor-deployment");
  }

  @Test
  void should_route_auto_past_a_deployment_whose_first_token_misses_a_first_token_plan() {
    applyPlan("first-token");
    given().get("/api/plan").then().body("firstTokenTarget", equalTo(true));
    measure();

    // cloud's 1.5 s first token misses the 1 s target; premium's 5 s answers do not count
    org.assertj.core.api.Assertions.assertThat(servedBy()).isEqualTo("premium");
  }

  @Test
  void should_keep_the_plans_order_when_the_same_plan_targets_the_whole_answer() {
    applyPlan("end-to-end");
    given().get("/api/plan").then().body("firstTokenTarget", equalTo(false));
    measure();

    // both miss 1 s end to end, so neither is moved ahead of the other
    org.assertj.core.api.Assertions.assertThat(servedBy()).isEqualTo("cloud");
  }
}
