package org.llmadvisor.app.plan;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * With no deployment configured, a plan applied from a recommendation says exactly which settings
 * to add, named as the app reads them.
 */
@QuarkusTest
class UnconfiguredPlanTest {

  private static ValidatableResponse apply(String recommendationId) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"recommendationId\": \"" + recommendationId + "\"}")
        .post("/api/plan")
        .then()
        .statusCode(409)
        .body("error.field", equalTo("recommendationId"));
  }

  @Test
  void should_ask_for_an_ollama_server_on_the_device_when_an_ollama_recommendation_names_one() {
    apply("ollama/llama2:7b-chat-q4_0@rtx-4090:rent")
        .body(
            "error.message",
            equalTo(
                "recommendation ollama/llama2:7b-chat-q4_0@rtx-4090:rent runs on Ollama, but no"
                    + " Ollama server is configured; add advisor.deployments.local.provider=ollama,"
                    + " advisor.deployments.local.base-url=http://<host>:11434 and"
                    + " advisor.deployments.local.hardware=rtx-4090"));
  }

  @Test
  void should_ask_for_any_ollama_server_when_an_ollama_recommendation_names_no_device() {
    apply("ollama/llama2:7b-chat-q4_0")
        .body(
            "error.message",
            equalTo(
                "recommendation ollama/llama2:7b-chat-q4_0 runs on Ollama, but no Ollama server is"
                    + " configured; add advisor.deployments.local.provider=ollama,"
                    + " advisor.deployments.local.base-url=http://<host>:11434"));
  }

  @Test
  void should_ask_for_openai_settings_and_the_keys_variable_when_no_openai_is_configured() {
    apply("openai/gpt-4o-mini")
        .body(
            "error.message",
            equalTo(
                "recommendation openai/gpt-4o-mini runs on OpenAI, but no OpenAI credentials are"
                    + " configured; add advisor.deployments.openai.provider=openai,"
                    + " advisor.deployments.openai.model=gpt-4o-mini and"
                    + " ADVISOR_DEPLOYMENTS_OPENAI_API_KEY"));
  }

  @Test
  void should_ask_for_an_azure_deployment_of_the_model_when_none_is_configured() {
    apply("azure/gpt-4o")
        .body(
            "error.message",
            equalTo(
                "recommendation azure/gpt-4o needs an Azure OpenAI deployment of gpt-4o; add"
                    + " advisor.deployments.azure.provider=azure-openai,"
                    + " advisor.deployments.azure.base-url=https://<resource>.openai.azure.com,"
                    + " advisor.deployments.azure.model=gpt-4o (the Azure deployment name) and"
                    + " ADVISOR_DEPLOYMENTS_AZURE_API_KEY"));
  }
}
