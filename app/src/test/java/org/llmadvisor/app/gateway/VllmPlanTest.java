package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.BackendsResource.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Fixtures;

/**
 * A vLLM recommendation from the advice, applied as a user would: the advice on two owned RTX 4090s
 * for a 70B model's quality offers vLLM over both GPUs, and applying it renders compose and
 * Kubernetes files that start {@code vllm/vllm-openai} with the advice's tensor parallel size.
 */
@QuarkusTest
@QuarkusTestResource(value = VllmGatewayTest.VllmServers.class, restrictToAnnotatedClass = true)
class VllmPlanTest {

  @Test
  void should_render_tensor_parallel_bundles_for_an_advised_multi_gpu_vllm_recommendation() {
    Map<String, Object> rec =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"workload\": {\"requestsPerDay\": 2000, \"activeHoursPerDay\": 8,"
                    + " \"inputTokens\": 500, \"outputTokens\": 200}, \"latencyTargetMs\": 30000,"
                    + " \"qualityFloor\": 75, \"dataMustStayLocal\": true,"
                    + " \"hardware\": [{\"id\": \"rtx-4090\", \"count\": 2}]}")
            .post("/api/advice")
            .then()
            .statusCode(200)
            .extract()
            .path(
                "recommendations.find { it.engine == 'vllm' && it.vllm.tensorParallelSize == 2 }");
    assertThat(rec).as("a vLLM candidate over two RTX 4090s").isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> vllm = (Map<String, Object>) rec.get("vllm");
    String model = (String) vllm.get("model");
    int seqs = ((Number) vllm.get("maxNumSeqs")).intValue();

    // both replicas of the configured vLLM server are up and serve the advised repository
    for (WireMockServer s : VllmGatewayTest.VllmServers.servers) {
      s.resetAll();
      s.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200)));
      s.stubFor(
          get(urlPathEqualTo("/v1/models"))
              .willReturn(
                  json(
                      200,
                      Fixtures.read("vllm/models.json").replace(VllmGatewayTest.MODEL, model))));
    }
    GatewayTest.applyPlan("{\"recommendationId\": \"" + rec.get("id") + "\"}");

    String compose =
        given()
            .queryParam("format", "compose")
            .get("/api/plan/bundle")
            .then()
            .statusCode(200)
            .extract()
            .path("files.'compose.yaml'");
    assertThat(compose)
        .contains("vllm/vllm-openai:")
        .contains(model)
        .contains("--tensor-parallel-size")
        .containsPattern("--tensor-parallel-size[\"',\\s=-]+2")
        .containsPattern("--max-num-seqs[\"',\\s=-]+" + seqs);

    Map<String, String> k8s =
        given()
            .queryParam("format", "kubernetes")
            .get("/api/plan/bundle")
            .then()
            .statusCode(200)
            .extract()
            .path("files");
    String statefulSet = k8s.get("kubernetes/vllm-statefulset.yaml");
    assertThat(statefulSet)
        .as("files: " + k8s.keySet())
        .isNotNull()
        .contains("vllm/vllm-openai:")
        .containsPattern("--tensor-parallel-size[\"',\\s=-]+2")
        .contains("nvidia.com/gpu")
        .contains("/health");
  }
}
