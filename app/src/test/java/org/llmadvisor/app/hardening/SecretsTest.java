package org.llmadvisor.app.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.BackendsResource.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;

/**
 * With known secrets configured (access keys and a provider key), exercise the app, including a
 * provider that rejects the key, then look for the secrets in every response, in the metrics, the
 * OpenAPI document and the log file: they must appear nowhere.
 */
@QuarkusTest
@TestProfile(SecretsTest.WithKeys.class)
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class SecretsTest {

  static final String ACCESS = "access-CANARY-7f3a9c";
  static final String PROVIDER = "sk-CANARY-provider-51d2e8";
  static final Path LOG = Path.of("target", "secrets-test.log");

  public static class WithKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // DEBUG for the app and its clients, not for the test's own HTTP client, which logs the
      // Authorization header it sends
      return Map.of(
          "advisor.api-keys", ACCESS,
          "advisor.deployments.canary.provider", "openai",
          "advisor.deployments.canary.base-url", "http://127.0.0.1:1/v1",
          "advisor.deployments.canary.model", "gpt-4o-mini",
          "advisor.deployments.canary.api-key", PROVIDER,
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString(),
          "quarkus.log.category.\"org.llmadvisor\".level", "DEBUG",
          "quarkus.log.category.\"dev.langchain4j\".level", "DEBUG",
          "quarkus.log.category.\"io.quarkus.vertx.http\".level", "DEBUG");
    }
  }

  @Test
  void should_keep_keys_out_of_responses_metrics_openapi_and_logs() throws Exception {
    List<String> seen = new ArrayList<>();
    // without a key: refused
    seen.add(given().get("/v1/models").then().statusCode(401).extract().asString());
    seen.add(
        given()
            .contentType(ContentType.JSON)
            .body("{\"deploymentIds\": [\"canary\"]}")
            .post("/api/plan")
            .then()
            .statusCode(401)
            .extract()
            .asString());
    seen.add(
        given()
            .header("Authorization", "Bearer wrong")
            .get("/v1/models")
            .then()
            .statusCode(401)
            .extract()
            .asString());
    // with the key: served
    seen.add(
        given()
            .header("Authorization", "Bearer " + ACCESS)
            .get("/v1/models")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(json(401, Fixtures.read("openai/error-401.json"))));
    seen.add(
        given()
            .header("Authorization", "Bearer " + ACCESS)
            .contentType(ContentType.JSON)
            .body(
                "{\"model\": \"cloud\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
            .post("/v1/chat/completions")
            .asString());
    seen.add(
        given()
            .header("Authorization", "Bearer " + ACCESS)
            .contentType(ContentType.JSON)
            .body(
                "{\"model\": \"canary\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
            .post("/v1/chat/completions")
            .asString());
    seen.add(
        given()
            .header("Authorization", "Bearer " + ACCESS)
            .get("/api/deployments")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    seen.add(given().get("/q/metrics").then().statusCode(200).extract().asString());
    seen.add(given().get("/q/openapi").then().statusCode(200).extract().asString());
    seen.add(given().get("/q/health").asString());
    seen.add(
        given()
            .header("Authorization", "Bearer " + ACCESS)
            .get("/api/usage")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    String log = Files.exists(LOG) ? Files.readString(LOG) : "";
    assertThat(log).as("the log file was written").isNotEmpty();
    for (String s : seen) {
      assertThat(s)
          .doesNotContain(ACCESS)
          .doesNotContain(PROVIDER)
          .doesNotContain("sk-test-gateway-key");
    }
    assertThat(log)
        .doesNotContain(ACCESS)
        .doesNotContain(PROVIDER)
        .doesNotContain("sk-test-gateway-key");
    assertThat(String.join("\n", seen)).contains("canary");
  }
}
