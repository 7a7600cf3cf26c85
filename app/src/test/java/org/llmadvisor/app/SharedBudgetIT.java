package org.llmadvisor.app;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.llmadvisor.app.BackendsResource.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Fixtures;

/**
 * Two app processes on one PostgreSQL: both see the plan one of them applied, and concurrent calls
 * through both never exceed the shared budget. Runs when ADVISOR_TEST_PG_URL (plus
 * ADVISOR_TEST_PG_USER and ADVISOR_TEST_PG_PASSWORD) point at a database; .ci/run starts one.
 */
class SharedBudgetIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> apps = new ArrayList<>();
  private WireMockServer backend;

  @AfterEach
  void tearDown() {
    apps.forEach(Process::destroyForcibly);
    if (backend != null) {
      backend.stop();
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private int start(String pgUrl, String user, String password) throws Exception {
    int port = PackagedApp.freePort();
    apps.add(
        PackagedApp.start(
            port,
            Files.createTempDirectory("advisor-replica"),
            List.of(
                "-Dadvisor.deployments.premium.provider=openai",
                "-Dadvisor.deployments.premium.base-url=" + backend.baseUrl() + "/v1",
                "-Dadvisor.deployments.premium.model=gpt-4o"),
            Map.of(
                "ADVISOR_DEPLOYMENTS_PREMIUM_API_KEY", "sk-replica-test",
                "QUARKUS_DATASOURCE_PG_ACTIVE", "true",
                "QUARKUS_DATASOURCE_PG_JDBC_URL", pgUrl,
                "QUARKUS_DATASOURCE_PG_USERNAME", user,
                "QUARKUS_DATASOURCE_PG_PASSWORD", password)));
    return port;
  }

  private HttpResponse<String> send(int port, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(int port, String path) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @Test
  void should_share_one_plan_and_one_budget_across_replicas() throws Exception {
    String url = System.getenv("ADVISOR_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      System.out.println(
          "SKIPPED two-replica budget test: set ADVISOR_TEST_PG_URL (and ADVISOR_TEST_PG_USER, ADVISOR_TEST_PG_PASSWORD) to a PostgreSQL database; .ci/run does");
    }
    assumeTrue(url != null && !url.isBlank(), "ADVISOR_TEST_PG_URL is not set");
    String user = env("ADVISOR_TEST_PG_USER", "advisor");
    String password = env("ADVISOR_TEST_PG_PASSWORD", "advisor");
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.createStatement().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
    backend =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    backend.start();
    backend.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(
                json(200, Fixtures.read("openai/chat.json").replace("gpt-4o-mini", "gpt-4o"))
                    .withFixedDelay(30)));
    int a = start(url, user, password);
    int b = start(url, user, password);

    // gpt-4o with max_tokens 100 reserves ~1,060 micro-dollars a call and costs 142.5: about
    // 35 calls fit in 5 milli-dollars, never more
    assertThat(
            send(
                    a,
                    "/api/plan",
                    "{\"deploymentIds\": [\"premium\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": 0.005}")
                .statusCode())
        .isEqualTo(202);
    Await.until(
        "the plan to become active on replica a",
        Duration.ofSeconds(10),
        () -> "active".equals(get(a, "/api/plan/status").path("state").asText()));
    // replica b picks up a plan another replica stored at most a second later
    Await.until(
        "replica b to pick up the plan",
        Duration.ofSeconds(10),
        () -> get(b, "/api/plan").path("deploymentIds").toString().equals("[\"premium\"]"));

    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> results = new ArrayList<>();
    String chat =
        "{\"model\": \"auto\", \"max_tokens\": 100, \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
    for (int i = 0; i < 120; i++) {
      int port = i % 2 == 0 ? a : b;
      results.add(pool.submit(() -> send(port, "/v1/chat/completions", chat).statusCode()));
    }
    int ok = 0;
    int refused = 0;
    for (Future<Integer> f : results) {
      int s = f.get(60, TimeUnit.SECONDS);
      ok += s == 200 ? 1 : 0;
      refused += s == 429 ? 1 : 0;
    }
    pool.shutdown();
    BigDecimal spent;
    BigDecimal reserved;
    long rows;
    try (Connection c = DriverManager.getConnection(url, user, password);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT spent_usd, reserved_usd, (SELECT COUNT(*) FROM call_record) FROM budget_month")) {
      rs.next();
      spent = rs.getBigDecimal(1);
      reserved = rs.getBigDecimal(2);
      rows = rs.getLong(3);
    }
    System.out.printf(
        "two replicas: %d served, %d refused, spent %s of 0.005%n",
        ok, refused, spent.toPlainString());
    assertThat(ok + refused).isEqualTo(120);
    assertThat(ok).isPositive();
    assertThat(refused).isPositive();
    assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.005"));
    assertThat(reserved).isEqualByComparingTo("0");
    assertThat(rows).isEqualTo(ok);
    assertThat(get(a, "/api/usage").path("database").asText()).isEqualTo("postgresql");
    // both replicas read the shared aggregates: every stored call, whichever replica served it
    for (int port : new int[] {a, b}) {
      var usage = get(port, "/api/usage");
      assertThat(usage.path("requests").asLong()).isEqualTo(rows);
      assertThat(new BigDecimal(usage.path("spentUsd").asText())).isEqualByComparingTo(spent);
      var premium = usage.path("deployments").get(0);
      assertThat(premium.path("deploymentId").asText()).isEqualTo("premium");
      assertThat(new BigDecimal(premium.path("costUsd").asText())).isEqualByComparingTo(spent);
    }
  }
}
