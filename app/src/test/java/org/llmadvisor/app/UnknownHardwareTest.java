package org.llmadvisor.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** A device id that is not in the catalog gets the same answer from estimate and advice. */
@QuarkusTest
class UnknownHardwareTest {

  private static ValidatableResponse post(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400);
  }

  @Test
  void should_name_the_field_and_point_to_the_catalog_when_an_estimate_names_unknown_hardware() {
    post(
            "/api/estimate",
            "{\"model\": \"llama-2-7b\", \"quantization\": \"Q4_0\", \"hardware\": \"gtx-9999\"}")
        .body("error.field", equalTo("hardware"))
        .body(
            "error.message",
            equalTo(
                "hardware 'gtx-9999' is not in the catalog; see GET /api/catalog/hardware, or give 'local' for this machine"));
  }

  @Test
  void should_name_the_item_and_point_to_the_catalog_when_advice_names_unknown_hardware() {
    post(
            "/api/advice",
            "{\"workload\": {\"requestsPerDay\": 10, \"inputTokens\": 10, \"outputTokens\": 5},"
                + " \"latencyTargetMs\": 1000, \"hardware\": [\"rtx-4090\", \"gtx-9999\"]}")
        .body("error.field", equalTo("hardware[1]"))
        .body(
            "error.message",
            equalTo(
                "hardware[1] 'gtx-9999' is not in the catalog; see GET /api/catalog/hardware, or give 'local' for this machine"));
  }
}
