package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.BackendsResource.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Fixtures;

/**
 * Deployments of provider {@code vllm}, each pointing at WireMock servers that answer as vLLM's
 * OpenAI-compatible server does ({@code /v1/models}, {@code /v1/chat/completions} blocking and
 * streamed), checked as a user would: listed in {@code /v1/models}, ready in {@code
 * /api/deployments}, serving chat through the gateway with every call in the ledger, across both
 * replicas, and a fall-back when one deployment fails.
 */
@QuarkusTest
@QuarkusTestResource(value = VllmGatewayTest.VllmServers.class, restrictToAnnotatedClass = true)
class VllmGatewayTest {

  static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
  static final String KEY = "vllm-gateway-test-key-41d7";

  /** Two vLLM stand-ins: the replicas of {@code gpu}; paths below them serve the others. */
  public static class VllmServers implements QuarkusTestResourceLifecycleManager {
    static final WireMockServer[] servers = new WireMockServer[2];

    @Override
    public Map<String, String> start() {
      for (int i = 0; i < 2; i++) {
        servers[i] =
            new WireMockServer(
                WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        servers[i].start();
      }
      Map<String, String> c = new HashMap<>();
      // both replicas, as a platform engineer lists them: the second with a trailing slash
      deployment(c, "gpu", url(0) + ", " + url(1) + "/", KEY);
      c.put("advisor.deployments.gpu.hardware", "rtx-4090");
      // a server that serves another model
      deployment(c, "gpu-other", url(0) + "/other", null);
      // a server whose engine has died: every chat answers 500
      deployment(c, "gpu-broken", url(1) + "/broken", null);
      // no base-url: disabled, naming the setting
      c.put("advisor.deployments.gpu-nourl.provider", "vllm");
      c.put("advisor.deployments.gpu-nourl.model", MODEL);
      return c;
    }

    private static void deployment(Map<String, String> c, String id, String url, String key) {
      String p = "advisor.deployments." + id + ".";
      c.put(p + "provider", "vllm");
      c.put(p + "base-url", url);
      c.put(p + "model", MODEL);
      c.put(p + "timeout", "3s");
      if (key != null) {
        c.put(p + "api-key", key);
      }
    }

    @Override
    public void stop() {
      for (WireMockServer s : servers) {
        if (s != null) {
          s.stop();
        }
      }
    }

    static String url(int i) {
      return servers[i].baseUrl();
    }
  }

  @BeforeEach
  void stubServers() {
    for (WireMockServer s : VllmServers.servers) {
      s.resetAll();
      for (String root : new String[] {"", "/broken"}) {
        s.stubFor(
            get(urlPathEqualTo(root + "/v1/models"))
                .willReturn(json(200, Fixtures.read("vllm/models.json"))));
        s.stubFor(
            post(urlPathEqualTo(root + "/v1/chat/completions"))
                .willReturn(json(200, Fixtures.read("vllm/chat.json"))));
        s.stubFor(
            post(urlPathEqualTo(root + "/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(Fixtures.read("vllm/chat-stream.sse"))));
      }
      s.stubFor(
          get(urlPathEqualTo("/other/v1/models"))
              .willReturn(
                  json(
                      200,
                      Fixtures.read("vllm/models.json")
                          .replace(MODEL, "Qwen/Qwen2.5-7B-Instruct"))));
      s.stubFor(
          post(urlPathEqualTo("/broken/v1/chat/completions"))
              .atPriority(1)
              .willReturn(json(500, Fixtures.read("vllm/error-500.json"))));
    }
  }

  static JsonPath deploymentView(String id) {
    return given()
        .get("/api/deployments")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("find { it.id == '" + id + "' }");
  }

  static String chat(String model, boolean stream) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"model\": \""
                + model
                + "\", \"stream\": "
                + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(200)
        .header("x-advisor-deployment", "gpu")
        .extract()
        .asString();
  }

  static JsonPath usage() {
    return given()
        .get("/api/usage")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("deployments.find { it.deploymentId == 'gpu' }");
  }

  static long usageRequests() {
    JsonPath u = usage();
    return u.get() == null ? 0 : u.getLong("requests");
  }

  static int chats(WireMockServer s) {
    return s.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).build())
        .getCount();
  }

  @Test
  void should_list_the_vllm_deployments_that_are_configured_in_v1_models() {
    JsonPath models = given().get("/v1/models").then().statusCode(200).extract().jsonPath();
    assertThat(models.getList("data.id", String.class))
        .contains("gpu", "gpu-other", "gpu-broken")
        .doesNotContain("gpu-nourl");
    assertThat(models.getString("data.find { it.id == 'gpu' }.owned_by")).isEqualTo("vllm");
  }

  @Test
  void should_report_the_deployment_ready_on_both_replicas_from_their_model_lists() {
    JsonPath v = deploymentView("gpu");
    assertThat(v.getString("provider")).isEqualTo("vllm");
    assertThat(v.getString("kind")).isEqualTo("local");
    assertThat(v.getString("zeroMarginalCost")).isEqualTo("true");
    assertThat(v.getBoolean("ready")).isTrue();
    assertThat(v.getString("detail"))
        .startsWith("2 of 2 replicas ready")
        .contains("serves " + MODEL + " (max model length 8192)")
        .doesNotContain(KEY);
    assertThat(v.getList("replicas.url")).containsExactly(VllmServers.url(0), VllmServers.url(1));
    // vLLM started with --api-key guards /v1/models too: the key is sent there
    for (WireMockServer s : VllmServers.servers) {
      s.verify(
          com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                  urlPathEqualTo("/v1/models"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }
  }

  @Test
  void should_say_what_a_server_serves_when_it_is_not_the_model_and_name_a_missing_setting() {
    JsonPath other = deploymentView("gpu-other");
    assertThat(other.getBoolean("ready")).isFalse();
    assertThat(other.getString("detail"))
        .isEqualTo(
            "vLLM at "
                + VllmServers.url(0)
                + "/other answers but does not serve "
                + MODEL
                + ": it serves Qwen/Qwen2.5-7B-Instruct");
    JsonPath noUrl = deploymentView("gpu-nourl");
    assertThat(noUrl.getBoolean("ready")).isFalse();
    assertThat(noUrl.getString("detail")).contains("advisor.deployments.gpu-nourl.base-url");
  }

  @Test
  void should_serve_a_blocking_chat_through_the_gateway_and_record_it_at_no_cost_per_call() {
    long before = usageRequests();
    String body = chat("gpu", false);
    JsonPath answer = JsonPath.from(body);
    assertThat(answer.getString("object")).isEqualTo("chat.completion");
    assertThat(answer.getString("choices[0].message.content"))
        .isEqualTo("Hello there, how may I assist you today?");
    assertThat(answer.getInt("usage.prompt_tokens")).isEqualTo(36);
    assertThat(answer.getInt("usage.completion_tokens")).isEqualTo(12);
    // the served model's name and the key went to vLLM
    int served = 0;
    for (WireMockServer s : VllmServers.servers) {
      served +=
          s.countRequestsMatching(
                  postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                      .withHeader("Authorization", equalTo("Bearer " + KEY))
                      .withRequestBody(matchingJsonPath("$.model", equalTo(MODEL)))
                      .build())
              .getCount();
    }
    assertThat(served).isEqualTo(1);
    JsonPath u = usage();
    assertThat(u.getString("provider")).isEqualTo("vllm");
    assertThat(u.getLong("requests")).isEqualTo(before + 1);
    assertThat(u.getDouble("costUsd")).isZero();
  }

  @Test
  void should_stream_a_chat_through_the_gateway_and_record_its_usage() {
    long before = usageRequests();
    long completionBefore = usage().get() == null ? 0 : usage().getLong("completionTokens");
    String raw = chat("gpu", true);
    assertThat(raw)
        .contains("\"delta\":{\"role\":\"assistant\"")
        .contains("\"content\":\"Hello\"")
        .contains("\"content\":\" there\"")
        .endsWith("data: [DONE]\n\n");
    // a streamed call is recorded as its stream ends, which the client may see first
    org.llmadvisor.app.Await.until(
        "the streamed call in the ledger",
        java.time.Duration.ofSeconds(10),
        () -> usageRequests() == before + 1);
    // vLLM's usage chunk, not a count from the text
    assertThat(usage().getLong("completionTokens")).isEqualTo(completionBefore + 4);
  }

  @Test
  void should_spread_calls_over_both_replicas() {
    int first = chats(VllmServers.servers[0]);
    int second = chats(VllmServers.servers[1]);
    for (int i = 0; i < 10; i++) {
      chat("gpu", false);
    }
    assertThat(chats(VllmServers.servers[0]) - first).isPositive();
    assertThat(chats(VllmServers.servers[1]) - second).isPositive();
  }

  @Test
  void should_fall_back_to_the_next_deployment_of_the_plan_when_a_vllm_server_fails() {
    GatewayTest.applyPlan(
        "{\"deploymentIds\": [\"gpu-broken\", \"gpu\"], \"latencyTargetMs\": 5000,"
            + " \"monthlyBudgetUsd\": 0.01}");
    long before = usageRequests();
    String body = chat("auto", false);
    assertThat(JsonPath.from(body).getString("choices[0].message.content"))
        .isEqualTo("Hello there, how may I assist you today?");
    VllmServers.servers[1].verify(postRequestedFor(urlPathEqualTo("/broken/v1/chat/completions")));
    // served by gpu: under a budget, a local call reserves and spends nothing
    assertThat(usageRequests()).isEqualTo(before + 1);
    assertThat(usage().getDouble("costUsd")).isZero();
    assertThat(given().get("/q/health/ready").then().extract().jsonPath().getString("status"))
        .isEqualTo("UP");
  }
}
