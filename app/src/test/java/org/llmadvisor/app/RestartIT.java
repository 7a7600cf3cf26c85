package org.llmadvisor.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.BackendsResource.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Fixtures;

/**
 * The packaged application as a separate process: a plan and every ledger row survive a restart,
 * and a SIGKILL in the middle of load loses no call that was answered.
 */
class RestartIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private WireMockServer backend;
  private Path data;
  private Process app;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    backend =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    backend.start();
    backend.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(json(200, Fixtures.read("openai/chat.json")).withFixedDelay(20)));
    backend.stubFor(
        post(urlPathEqualTo("/api/chat")).willReturn(json(200, Fixtures.read("ollama/chat.json"))));
    backend.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    backend.stubFor(
        post(urlPathEqualTo("/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    data = Files.createTempDirectory("advisor-restart");
    port = PackagedApp.freePort();
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.destroyForcibly();
    }
    backend.stop();
  }

  private void start() throws Exception {
    app =
        PackagedApp.start(
            port,
            data,
            List.of(
                // journaled calls stay out of the database until a read, a stop or a replay
                "-Dadvisor.ledger.apply-interval=1h",
                "-Dadvisor.deployments.cloud.provider=openai",
                "-Dadvisor.deployments.cloud.base-url=" + backend.baseUrl() + "/v1",
                "-Dadvisor.deployments.cloud.model=gpt-4o-mini",
                "-Dadvisor.deployments.local.provider=ollama",
                "-Dadvisor.deployments.local.base-url=" + backend.baseUrl(),
                "-Dadvisor.deployments.local.model=llama2:7b-chat-q4_0"),
            Map.of("ADVISOR_DEPLOYMENTS_CLOUD_API_KEY", "sk-restart-test-key-42"));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    return JSON.readTree(
        http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private void applyPlan(String body) throws Exception {
    assertThat(send("/api/plan", body).statusCode()).isEqualTo(202);
    Await.until(
        "the plan to become active",
        Duration.ofSeconds(10),
        () -> getJson("/api/plan/status").path("state").asText().equals("active"));
  }

  private static final String CHAT =
      "{\"model\": \"auto\", \"max_tokens\": 64, \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

  @Test
  void should_keep_the_plan_and_every_ledger_row_across_a_restart() throws Exception {
    start();
    applyPlan(
        "{\"deploymentIds\": [\"cloud\", \"local\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 10}");
    for (int i = 0; i < 20; i++) {
      assertThat(send("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }
    JsonNode before = getJson("/api/usage");
    assertThat(before.path("requests").asLong()).isEqualTo(20);
    app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    start();
    assertThat(getJson("/api/plan").path("deploymentIds").toString())
        .isEqualTo("[\"cloud\",\"local\"]");
    JsonNode after = getJson("/api/usage");
    assertThat(after.path("requests").asLong()).isEqualTo(20);
    assertThat(new BigDecimal(after.path("spentUsd").asText()))
        .isEqualByComparingTo(new BigDecimal(before.path("spentUsd").asText()));
    assertThat(send("/v1/chat/completions", CHAT).headers().firstValue("x-advisor-deployment"))
        .contains("cloud");
  }

  @Test
  void should_lose_no_answered_call_when_killed_under_load() throws Exception {
    start();
    applyPlan(
        "{\"deploymentIds\": [\"cloud\", \"local\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 10}");
    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService load = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      load.submit(
          () -> {
            while (!stop.get()) {
              try {
                HttpResponse<String> r = send("/v1/chat/completions", CHAT);
                if (r.statusCode() == 200) {
                  answered.add(r.headers().firstValue("x-request-id").orElseThrow());
                }
              } catch (Exception killed) {
                return null;
              }
            }
            return null;
          });
    }
    // killed while calls are in flight, once enough have been answered to count
    Await.until(
        "40 answered calls under load", Duration.ofSeconds(30), () -> answered.size() >= 40);
    app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    stop.set(true);
    load.shutdown();
    assertThat(load.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    assertThat(answered).hasSizeGreaterThan(10);

    // the calls answered last are only in the journal: the next start moves them into the
    // database; a graceful stop then releases the file so it can be read directly
    start();
    // and calls answered after the restart are moved in by a graceful stop
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = send("/v1/chat/completions", CHAT);
      assertThat(r.statusCode()).isEqualTo(200);
      answered.add(r.headers().firstValue("x-request-id").orElseThrow());
    }
    app.destroy();
    assertThat(app.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(data.resolve("app.log")))
        .contains("journaled calls replayed")
        .doesNotContain("left for replay");
    Set<String> recorded = new HashSet<>();
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal spent;
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:h2:file:" + data + "/advisor;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;FILE_LOCK=NO",
            "advisor",
            "")) {
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT request_id, cost_usd FROM call_record")) {
        while (rs.next()) {
          recorded.add(rs.getString(1));
          sum = sum.add(rs.getBigDecimal(2));
        }
      }
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT SUM(spent_usd) FROM budget_month")) {
        rs.next();
        spent = rs.getBigDecimal(1);
      }
    }
    System.out.printf(
        "answered %d calls (all but 5 before SIGKILL); ledger holds %d rows%n",
        answered.size(), recorded.size());
    assertThat(recorded).containsAll(answered);
    assertThat(spent).isEqualByComparingTo(sum);
    start();
    assertThat(getJson("/api/usage").path("requests").asLong()).isEqualTo(recorded.size());
  }

  @Test
  void should_finish_and_record_the_calls_in_flight_when_stopped() throws Exception {
    start();
    applyPlan(
        "{\"deploymentIds\": [\"cloud\"], \"latencyTargetMs\": 10000, \"monthlyBudgetUsd\": 10}");
    long before = getJson("/api/usage").path("requests").asLong();
    backend.resetRequests();
    backend.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(json(200, Fixtures.read("openai/chat.json")).withFixedDelay(3000)));
    ExecutorService clients = Executors.newFixedThreadPool(12);
    List<java.util.concurrent.Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(clients.submit(() -> send("/v1/chat/completions", CHAT)));
    }
    // every call has reached the provider, which answers three seconds later: stop now
    Await.until(
        "12 calls at the provider",
        Duration.ofSeconds(10),
        () ->
            backend
                    .findAll(
                        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                            urlPathEqualTo("/v1/chat/completions")))
                    .size()
                == 12);
    app.destroy(); // SIGTERM, as Kubernetes and systemd stop a process

    int answered = 0;
    for (var call : calls) {
      answered += call.get(30, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
    }
    clients.shutdown();
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    start();
    long recorded = getJson("/api/usage").path("requests").asLong() - before;
    System.out.printf(
        "stopped with 12 calls in flight: provider answered 12, clients got %d, ledger holds %d%n",
        answered, recorded);
    assertThat(answered).isEqualTo(12);
    assertThat(recorded).isEqualTo(12);
  }

  @Test
  void should_keep_the_predictions_of_an_advice_made_before_a_restart() throws Exception {
    start();
    HttpResponse<String> advice =
        send(
            "/api/advice",
            "{\"workload\": {\"requestsPerDay\": 2000, \"activeHoursPerDay\": 8, \"peakFactor\": 2,"
                + " \"inputTokens\": 300, \"outputTokens\": 100, \"parallel\": 4},"
                + " \"latencyTargetMs\": 10000, \"hardware\": [\"rtx-4090\"]}");
    assertThat(advice.statusCode()).isEqualTo(200);
    JsonNode candidate = null;
    for (JsonNode r : JSON.readTree(advice.body()).path("recommendations")) {
      if (r.path("id").asText().equals("openai/gpt-4o-mini")) {
        candidate = r;
      }
    }
    assertThat(candidate).as("gpt-4o-mini among the candidates").isNotNull();
    // the README's flow: advice, then a restart with the deployments configured, then the plan
    app.destroy();
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    start();
    applyPlan("{\"recommendationId\": \"openai/gpt-4o-mini\", \"monthlyBudgetUsd\": 10}");
    JsonNode predicted = getJson("/api/plan").path("predicted").path("cloud");
    double monthly = candidate.path("predicted").path("monthlyCostUsd").asDouble();
    assertThat(monthly).isPositive();
    assertThat(predicted.path("monthlyCostUsd").asDouble()).isEqualTo(monthly);
    assertThat(send("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    JsonNode usage = getJson("/api/usage").path("deployments").get(0);
    assertThat(usage.path("deploymentId").asText()).isEqualTo("cloud");
    assertThat(usage.path("predicted").path("monthlyCostUsd").asDouble()).isEqualTo(monthly);
    assertThat(usage.path("measured").path("p95LatencyMs").isNumber()).isTrue();
  }
}
