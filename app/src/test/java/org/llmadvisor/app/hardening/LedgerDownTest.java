package org.llmadvisor.app.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;

/**
 * The ledger's database unreachable (PostgreSQL configured on a closed port): calls are refused
 * with a clear 503 rather than served unrecorded; readiness says why; advice still works.
 */
@QuarkusTest
@TestProfile(LedgerDownTest.DatabaseDown.class)
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class LedgerDownTest {

  public static class DatabaseDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.datasource.pg.active", "true",
          "quarkus.datasource.pg.jdbc.url",
              "jdbc:postgresql://127.0.0.1:1/advisor?connectTimeout=1",
          "quarkus.datasource.pg.username", "advisor",
          "quarkus.datasource.pg.password", "advisor",
          "quarkus.flyway.pg.migrate-at-start", "false");
    }
  }

  @Test
  void should_refuse_calls_cleanly_when_the_ledger_is_down() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"model\": \"local\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(503)
        .body("error.code", equalTo("ledger_unavailable"))
        .body("error.message", containsString("refused rather than served unrecorded"));
    given().get("/q/health/ready").then().statusCode(503).body(containsString("unreachable"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\"}")
        .post("/api/estimate")
        .then()
        .statusCode(200);
    given()
        .get("/api/usage")
        .then()
        .statusCode(503)
        .body("error.code", equalTo("ledger_unavailable"));
  }
}
