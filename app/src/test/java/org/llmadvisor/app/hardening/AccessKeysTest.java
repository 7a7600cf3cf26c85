package org.llmadvisor.app.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmadvisor.app.BackendsResource;

/**
 * With access keys configured, every route both ways: the operator's business (spend, tokens,
 * deployments, their models, plan changes, chat) answers 401 without a key and serves with one;
 * estimate, advice, the catalogs, plan status and health stay open.
 */
@QuarkusTest
@TestProfile(AccessKeysTest.WithKeys.class)
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class AccessKeysTest {

  static final String KEY = "team-key-7f3a";

  public static class WithKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("advisor.api-keys", "other-key," + KEY);
    }
  }

  static final String ESTIMATE = "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\"}";
  static final String ADVICE =
      "{\"workload\": {\"requestsPerDay\": 1000, \"activeHoursPerDay\": 8, \"peakFactor\": 2,"
          + " \"inputTokens\": 300, \"outputTokens\": 100, \"parallel\": 4},"
          + " \"latencyTargetMs\": 10000, \"hardware\": [\"rtx-4090\"]}";
  static final String PLAN = "{\"deploymentIds\": [\"nowhere\"]}";
  static final String CHAT =
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

  static Stream<Arguments> privateRoutes() {
    return Stream.of(
        Arguments.of("GET", "/api/usage", null),
        Arguments.of("GET", "/api/deployments", null),
        Arguments.of("GET", "/api/ollama/models", null),
        Arguments.of("POST", "/api/plan", PLAN),
        Arguments.of("GET", "/v1/models", null),
        Arguments.of("POST", "/v1/chat/completions", CHAT));
  }

  static Stream<Arguments> openRoutes() {
    return Stream.of(
        Arguments.of("POST", "/api/estimate", ESTIMATE),
        Arguments.of("POST", "/api/advice", ADVICE),
        Arguments.of("GET", "/api/catalog/models", null),
        Arguments.of("GET", "/api/catalog/hardware", null),
        Arguments.of("GET", "/api/plan/status", null),
        Arguments.of("GET", "/q/health/live", null));
  }

  private static io.restassured.response.Response send(
      RequestSpecification spec, String method, String path, String body) {
    if (body != null) {
      spec = spec.contentType(ContentType.JSON).body(body);
    }
    return method.equals("GET") ? spec.get(path) : spec.post(path);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("privateRoutes")
  void should_refuse_the_operators_business_without_a_key(String method, String path, String body) {
    send(given(), method, path, body).then().statusCode(401);
    send(given().header("Authorization", "Bearer wrong"), method, path, body)
        .then()
        .statusCode(401);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("privateRoutes")
  void should_serve_the_operators_business_with_a_key(String method, String path, String body) {
    send(given().header("Authorization", "Bearer " + KEY), method, path, body)
        .then()
        .statusCode(not(equalTo(401)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("openRoutes")
  void should_keep_estimate_advice_and_catalogs_open(String method, String path, String body) {
    send(given(), method, path, body).then().statusCode(200);
  }
}
