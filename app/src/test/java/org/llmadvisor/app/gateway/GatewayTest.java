package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.llmadvisor.app.BackendsResource.json;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;

/**
 * The gateway end to end: plans applied over the API, chats through /v1 with langchain4j's
 * OpenAiChatModel as an independent OpenAI client, backends served by WireMock fixtures. It drives
 * the application over HTTP only, so {@link GatewayIT} runs it again against the packaged jar; a
 * test that leaves a deployment with failures or latencies has that deployment to itself (see
 * {@link GatewayBackends}).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayBackends.class, restrictToAnnotatedClass = true)
class GatewayTest {

  @TestHTTPResource("/v1")
  URL v1;

  @BeforeEach
  void stubBackends() {
    // every deployment answers, whatever its path; a test stubs its own deployment's failures
    BackendsResource.server.resetAll();
    stubOpenAi("gpt-4o-mini", json(200, Fixtures.read("openai/chat.json")));
    stubOpenAi(
        "gpt-4o", json(200, Fixtures.read("openai/chat.json").replace("gpt-4o-mini", "gpt-4o")));
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/api/chat"))
            .willReturn(json(200, Fixtures.read("ollama/chat.json"))));
    BackendsResource.server.stubFor(
        get(urlPathMatching(".*/api/tags"))
            .willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    // the protocol tests' Ollama has its own model pulled, so a plan that lists it warms it
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/" + GatewayBackends.OLPROTO + "/api/tags"))
            .willReturn(
                json(
                    200,
                    Fixtures.read("ollama/tags.json")
                        .replace("llama2:7b-chat-q4_0", "llama3.1:8b"))));
  }

  /** What every OpenAI deployment of {@code model} answers. */
  static void stubOpenAi(String model, ResponseDefinitionBuilder r) {
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(model)))
            .willReturn(r));
  }

  /** What the deployment at {@code path} of the WireMock server answers to {@code POST path}. */
  static void stubPost(String path, ResponseDefinitionBuilder r) {
    BackendsResource.server.stubFor(post(urlPathEqualTo(path)).willReturn(r));
  }

  /** POST /v1/chat/completions with a one-line "Hello" from the user, for {@code model}. */
  static ValidatableResponse hello(String model) {
    return hello(model, null);
  }

  /** The same with {@code max_tokens} (none when null). */
  static ValidatableResponse hello(String model, Integer maxTokens) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"model\": \""
                + model
                + "\", "
                + (maxTokens == null ? "" : "\"max_tokens\": " + maxTokens + ", ")
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}")
        .post("/v1/chat/completions")
        .then();
  }

  static void applyPlan(String body) {
    given().contentType(ContentType.JSON).body(body).post("/api/plan").then().statusCode(202);
    org.llmadvisor.app.Await.until(
        "the plan to become active",
        Duration.ofSeconds(10),
        () -> {
          String state = given().get("/api/plan/status").then().extract().path("state");
          if ("failed".equals(state)) {
            throw new AssertionError("plan failed: " + given().get("/api/plan/status").asString());
          }
          return "active".equals(state);
        });
  }

  OpenAiChatModel client() {
    return OpenAiChatModel.builder()
        .baseUrl(v1.toString())
        .apiKey("unused")
        .modelName("auto")
        .timeout(Duration.ofSeconds(20))
        .maxRetries(0)
        .build();
  }

  @Test
  void should_list_models_as_openai_does() {
    given()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .body("object", equalTo("list"))
        .body("data.id", hasItems("auto", "local", "cloud", "premium"));
  }

  @Test
  void should_route_auto_to_the_plan_for_an_openai_client() {
    applyPlan("{\"deploymentIds\": [\"cloud\", \"local\"], \"latencyTargetMs\": 5000}");
    String answer = client().chat("Hello");
    assertThat(answer).isEqualTo("Hello there, how may I assist you today?");
    hello("auto")
        .statusCode(200)
        .header("x-advisor-deployment", "cloud")
        .header("x-advisor-cost-usd", "0.0000085500")
        .body("object", equalTo("chat.completion"))
        .body("usage.total_tokens", equalTo(21));
  }

  @Test
  void should_stream_with_a_final_usage_chunk_and_done() throws Exception {
    applyPlan("{\"deploymentIds\": [\"cloud\"], \"latencyTargetMs\": 5000}");
    stubOpenAi(
        "gpt-4o-mini",
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/event-stream")
            .withBody(Fixtures.read("openai/chat-stream.sse")));
    String raw =
        given()
            .contentType(ContentType.JSON)
            // a client that accepts gzip still gets its events uncompressed, as they are written
            .header("Accept-Encoding", "gzip")
            .body(
                "{\"model\": \"auto\", \"stream\": true, \"stream_options\": {\"include_usage\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
            .post("/v1/chat/completions")
            .then()
            .statusCode(200)
            .header("Content-Type", org.hamcrest.Matchers.startsWith("text/event-stream"))
            .header(
                "Content-Encoding",
                org.hamcrest.Matchers.anyOf(
                    org.hamcrest.Matchers.nullValue(), org.hamcrest.Matchers.equalTo("identity")))
            .extract()
            .asString();
    assertThat(raw)
        .contains("\"delta\":{\"role\":\"assistant\"")
        .contains("\"content\":\"Hello\"")
        .contains("\"prompt_tokens\":9")
        .endsWith("data: [DONE]\n\n");
    OpenAiStreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(v1.toString())
            .apiKey("unused")
            .modelName("auto")
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    streaming.chat(
        "Hi",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String token) {
            text.append(token);
          }

          @Override
          public void onCompleteResponse(ChatResponse r) {
            done.complete(r);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }
        });
    ChatResponse r = done.get(20, TimeUnit.SECONDS);
    assertThat(text.toString()).isEqualTo("Hello there!");
    assertThat(r.metadata().tokenUsage().outputTokenCount()).isEqualTo(3);
  }

  @Test
  void should_fall_back_on_a_retriable_error() {
    applyPlan("{\"deploymentIds\": [\"flaky\", \"local\"], \"latencyTargetMs\": 5000}");
    stubPost("/flaky/v1/chat/completions", json(500, Fixtures.read("openai/error-500.json")));
    hello("auto")
        .statusCode(200)
        .header("x-advisor-deployment", "local")
        .header("x-advisor-cost-usd", "0");
    stubPost(
        "/flaky/v1/chat/completions",
        json(429, Fixtures.read("openai/error-429.json")).withHeader("Retry-After", "5"));
    hello("auto").statusCode(200).header("x-advisor-deployment", "local");
    BackendsResource.server.verify(
        2, postRequestedFor(urlPathEqualTo("/flaky/v1/chat/completions")));
  }

  @Test
  void should_fall_back_when_the_planned_model_was_deleted_or_the_backend_is_slow() {
    applyPlan("{\"deploymentIds\": [\"gone\", \"cloud\"], \"latencyTargetMs\": 5000}");
    stubPost("/gone/api/chat", json(404, Fixtures.read("ollama/error-not-found.json")));
    hello("auto").statusCode(200).header("x-advisor-deployment", "cloud");
    // slower than the deployment's 3 s timeout
    stubPost("/gone/api/chat", json(200, Fixtures.read("ollama/chat.json")).withFixedDelay(4000));
    hello("auto").statusCode(200).header("x-advisor-deployment", "cloud");
    // naming one deployment leaves nothing to fall back on: the timeout reaches the client
    hello("gone").statusCode(504).body("error.code", equalTo("timeout"));
  }

  @Test
  void should_open_the_circuit_of_a_failing_deployment() {
    applyPlan("{\"deploymentIds\": [\"failing\", \"local\"], \"latencyTargetMs\": 5000}");
    stubPost("/failing/v1/chat/completions", json(503, Fixtures.read("openai/error-500.json")));
    for (int i = 0; i < 4; i++) {
      hello("auto").statusCode(200).header("x-advisor-deployment", "local");
    }
    // two failures open the circuit: the later calls go straight to the local model
    BackendsResource.server.verify(
        2, postRequestedFor(urlPathEqualTo("/failing/v1/chat/completions")));
    given()
        .get("/api/deployments")
        .then()
        .body("find { it.id == 'failing' }.circuitOpen", equalTo(true));
  }

  @Test
  void should_shift_traffic_when_the_measured_p95_misses_the_target() {
    applyPlan("{\"deploymentIds\": [\"slow\", \"steady\"], \"latencyTargetMs\": 150}");
    stubPost("/slow/api/chat", json(200, Fixtures.read("ollama/chat.json")).withFixedDelay(250));
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      served.add(hello("auto").statusCode(200).extract().header("x-advisor-deployment"));
    }
    // three slow answers establish a p95 over 150 ms; then traffic moves to steady, which has
    // too few answers yet for a p95 of its own
    assertThat(served.subList(0, 3)).containsOnly("slow");
    assertThat(served.subList(3, 5)).containsOnly("steady");
  }

  @Test
  void should_refuse_with_429_when_the_budget_is_spent_and_nothing_local_remains() {
    applyPlan(
        "{\"deploymentIds\": [\"premium\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 0.0000001}");
    hello("auto", 50)
        .statusCode(429)
        .body("error.code", equalTo("budget_exceeded"))
        .body("error.type", equalTo("insufficient_quota"));
    applyPlan(
        "{\"deploymentIds\": [\"premium\", \"local\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 0.0000001}");
    hello("auto", 50).statusCode(200).header("x-advisor-deployment", "local");
  }

  @Test
  void should_never_exceed_the_budget_under_concurrency() throws Exception {
    // gpt-4o: $2.50 in, $10 out per million; with max_tokens 100 a call reserves about
    // (2 x 4 + 16) x 2.5 + 100 x 10 = 1,060 micro-dollars and really costs 9 x 2.5 + 12 x 10 =
    // 142.5
    BigDecimal before = usageAmount("spentUsd");
    double budget = before.doubleValue() + 0.005;
    applyPlan(
        "{\"deploymentIds\": [\"premium\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": "
            + budget
            + "}");
    stubOpenAi(
        "gpt-4o",
        json(200, Fixtures.read("openai/chat.json").replace("gpt-4o-mini", "gpt-4o"))
            .withFixedDelay(50));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      results.add(pool.submit(() -> hello("auto", 100).extract().statusCode()));
    }
    int ok = 0;
    int refused = 0;
    for (Future<Integer> f : results) {
      int s = f.get(60, TimeUnit.SECONDS);
      ok += s == 200 ? 1 : 0;
      refused += s == 429 ? 1 : 0;
    }
    pool.shutdown();
    assertThat(ok + refused).isEqualTo(80);
    assertThat(ok).isPositive();
    assertThat(refused).isPositive();
    assertThat(usageAmount("spentUsd").doubleValue()).isLessThanOrEqualTo(budget);
    assertThat(usageAmount("reservedUsd")).isEqualByComparingTo("0");
  }

  @Test
  void should_answer_bad_requests_in_openai_error_shape() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\": \"auto\"}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(400)
        .body("error.param", equalTo("messages"))
        .body("error.type", equalTo("invalid_request_error"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\": \"gpt-9\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(404)
        .body("error.code", equalTo("model_not_found"));
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/v1/chat/completions")
        .then()
        .statusCode(400)
        .body("error.type", equalTo("invalid_request_error"));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"model\": \"local\", \"temperature\": 7, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(400)
        .body("error.param", equalTo("temperature"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\": \"local\", \"messages\": [{\"role\": \"wizard\", \"content\": \"x\"}]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(400)
        .body("error.param", equalTo("messages[0].role"));
  }

  @Test
  void should_apply_an_ollama_recommendation_by_pulling_it_with_progress() {
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, "{\"models\": []}")));
    stubPull();
    applyPlan(
        "{\"recommendationId\": \"ollama/llama2:7b-chat-q4_K_M@rtx-4090\", \"latencyTargetMs\": 8000}");
    given()
        .get("/api/plan/status")
        .then()
        .body("state", equalTo("active"))
        .body("steps[0].progress", equalTo(1.0f));
    given()
        .get("/api/plan")
        .then()
        .body("deploymentIds[0]", equalTo("local/llama2:7b-chat-q4_K_M"));
    BackendsResource.server.verify(
        postRequestedFor(urlPathEqualTo("/api/pull"))
            .withRequestBody(
                matchingJsonPath(
                    "$.model",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "llama2:7b-chat-q4_K_M"))));
    hello("auto").statusCode(200).header("x-advisor-deployment", "local/llama2:7b-chat-q4_K_M");
  }

  @Test
  void should_send_the_plans_context_per_slot_to_ollama_as_num_ctx() throws Exception {
    java.util.Map<String, Object> rec =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"workload\": {\"requestsPerDay\": 1000, \"activeHoursPerDay\": 8,"
                    + " \"inputTokens\": 500, \"outputTokens\": 200}, \"latencyTargetMs\": 10000,"
                    + " \"hardware\": [\"rtx-4090\"]}")
            .post("/api/advice")
            .then()
            .statusCode(200)
            .extract()
            .path(
                "recommendations.find { it.id.startsWith('ollama/llama2:7b-chat-q4_K_M@rtx-4090') }");
    assertThat(rec).as("a Llama 2 7B Q4_K_M candidate on the RTX 4090").isNotNull();
    Number ctx = (Number) rec.get("contextPerSlot");
    assertThat(ctx).as("the advice sizes a context per slot for " + rec.get("id")).isNotNull();
    stubPull();
    applyPlan("{\"recommendationId\": \"" + rec.get("id") + "\", \"latencyTargetMs\": 8000}");

    hello("auto").statusCode(200).header("x-advisor-deployment", "local/llama2:7b-chat-q4_K_M");

    var sent = BackendsResource.server.findAll(postRequestedFor(urlPathEqualTo("/api/chat")));
    var body =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(sent.get(sent.size() - 1).getBodyAsString());
    assertThat(body.get("model").asText()).isEqualTo("llama2:7b-chat-q4_K_M");
    assertThat(body.get("options").get("num_ctx").asLong()).isEqualTo(ctx.longValue());
  }

  /**
   * Every Ollama deployment pulls what it lacks: the planned model here, the fallbacks' own models
   * on their paths.
   */
  static void stubPull() {
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/api/pull"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-ndjson")
                    .withBody(Fixtures.read("ollama/pull.ndjson"))));
  }

  @Test
  void should_say_which_settings_to_add_when_nothing_suitable_is_configured() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"recommendationId\": \"azure/gpt-4o-mini\", \"latencyTargetMs\": 8000}")
        .post("/api/plan")
        .then()
        .statusCode(409)
        .body("error.field", equalTo("recommendationId"))
        .body(
            "error.message",
            org.hamcrest.Matchers.containsString(
                "advisor.deployments.azure.provider=azure-openai"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"deploymentIds\": [\"nokey\"]}")
        .post("/api/plan")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            org.hamcrest.Matchers.containsString("advisor.deployments.nokey.api-key"));
  }

  @Test
  void should_show_measured_beside_predicted_in_advice() {
    applyPlan("{\"deploymentIds\": [\"cloud\"], \"latencyTargetMs\": 5000}");
    client().chat("Hello");
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"workload\": {\"requestsPerDay\": 1000, \"activeHoursPerDay\": 8, \"inputTokens\": 500, \"outputTokens\": 200}, \"latencyTargetMs\": 10000}")
        .post("/api/advice")
        .then()
        .statusCode(200)
        .body("recommendations.size()", org.hamcrest.Matchers.greaterThan(10))
        .body("measured.'openai/gpt-4o-mini'.deploymentId", equalTo("cloud"))
        .body(
            "measured.'openai/gpt-4o-mini'.requests",
            org.hamcrest.Matchers.greaterThanOrEqualTo(1));
  }

  @Test
  void should_record_every_served_call_in_the_ledger_and_report_usage() {
    applyPlan(
        "{\"deploymentIds\": [\"cloud\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 100}");
    long before = usageAmount("requests").longValueExact();
    for (int i = 0; i < 3; i++) {
      client().chat("Hello");
    }
    assertThat(usageAmount("requests").longValueExact()).isEqualTo(before + 3);
    given()
        .get("/api/usage")
        .then()
        .statusCode(200)
        .body("budgetUsd", equalTo(100.0f))
        .body("database", equalTo("h2"))
        .body(
            "deployments.find { it.deploymentId == 'cloud' }.requests",
            org.hamcrest.Matchers.greaterThanOrEqualTo(3));
  }

  /** A number from this month's {@code /api/usage}, read as the client sees it. */
  static BigDecimal usageAmount(String field) {
    String body = given().get("/api/usage").then().statusCode(200).extract().asString();
    return io.restassured.path.json.JsonPath.from(body)
        .using(
            new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL))
        .getObject(field, BigDecimal.class);
  }
}
