package org.llmadvisor.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.llmadvisor.app.BackendsResource.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Fixtures;

/**
 * {@code /api/ollama}: the models pulled on the configured Ollama server and one model's shape,
 * reached through the Ollama deployment's model management; other deployments have none.
 */
@QuarkusTest
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class OllamaModelsResourceTest {

  @BeforeEach
  void reset() {
    BackendsResource.server.resetAll();
  }

  @Test
  void should_list_the_models_pulled_on_each_ollama_deployment() {
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    given()
        .get("/api/ollama/models")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].deploymentId", equalTo("local"))
        .body("[0].name", equalTo("llama2:7b-chat-q4_0"))
        .body("[0].quantization", equalTo("Q4_0"));
  }

  @Test
  void should_answer_502_naming_the_deployment_when_ollama_fails() {
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(500, "{\"error\": \"boom\"}")));
    given()
        .get("/api/ollama/models")
        .then()
        .statusCode(502)
        .body("error.field", equalTo("deployment"))
        .body("error.message", containsString("Ollama of local"));
  }

  @Test
  void should_show_a_models_architecture_and_exact_parameter_count() {
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/show")).willReturn(json(200, Fixtures.read("ollama/show.json"))));
    given()
        .get("/api/ollama/local/models/llama2:7b-chat-q4_0")
        .then()
        .statusCode(200)
        .body("deploymentId", equalTo("local"))
        .body("parameterCount", equalTo(6_738_415_616L))
        .body("architecture", notNullValue());
  }

  @Test
  void should_answer_404_when_ollama_has_no_such_model() {
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/show"))
            .willReturn(json(404, Fixtures.read("ollama/error-not-found.json"))));
    given()
        .get("/api/ollama/local/models/nope:1b")
        .then()
        .statusCode(404)
        .body("error.field", equalTo("name"));
  }

  @Test
  void should_refuse_a_deployment_that_is_not_ollama() {
    given()
        .get("/api/ollama/cloud/models/gpt-4o-mini")
        .then()
        .statusCode(400)
        .body("error.field", equalTo("deployment"))
        .body("error.message", equalTo("deployment 'cloud' is not an Ollama deployment"));
  }

  @Test
  void should_answer_404_for_a_deployment_that_is_not_configured() {
    given()
        .get("/api/ollama/nowhere/models/x")
        .then()
        .statusCode(404)
        .body("error.message", equalTo("deployment 'nowhere' is not configured"));
  }
}
