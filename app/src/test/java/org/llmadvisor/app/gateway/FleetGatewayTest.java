package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.Await;
import org.llmadvisor.providers.Fixtures;

/**
 * One deployment with two replicas, each an Ollama stand-in on its own WireMock server, called
 * through {@code /v1/chat/completions} by concurrent clients: the calls spread by how many each
 * replica has in flight, a stopped replica costs no call, is shown ejected and comes back, and the
 * ledger counts client calls, not attempts.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetGatewayTest.Replicas.class, restrictToAnnotatedClass = true)
class FleetGatewayTest {

  static final String FLEET = "fleet";
  static final Duration COOLDOWN = Duration.ofSeconds(1);

  /** Two Ollama stand-ins on fixed ports, so a stopped one can come back where it was. */
  public static class Replicas implements QuarkusTestResourceLifecycleManager {
    static int[] ports = new int[2];
    static WireMockServer[] servers = new WireMockServer[2];

    @Override
    public Map<String, String> start() {
      for (int i = 0; i < 2; i++) {
        ports[i] = freePort();
        servers[i] = started(ports[i]);
      }
      String p = "advisor.deployments." + FLEET + ".";
      return Map.of(
          p + "provider",
          "ollama",
          p + "base-url",
          url(0) + ", " + url(1) + "/",
          p + "model",
          "llama2:7b-chat-q4_0",
          p + "timeout",
          "3s",
          "advisor.routing.replica-failure-threshold",
          "2",
          "advisor.routing.replica-cooldown",
          COOLDOWN.toMillis() + "ms");
    }

    @Override
    public void stop() {
      for (WireMockServer s : servers) {
        if (s != null && s.isRunning()) {
          s.stop();
        }
      }
    }

    static String url(int i) {
      return "http://127.0.0.1:" + ports[i];
    }

    static WireMockServer started(int port) {
      WireMockServer s =
          new WireMockServer(
              WireMockConfiguration.options()
                  .port(port)
                  .bindAddress("127.0.0.1")
                  .containerThreads(40));
      s.start();
      return s;
    }

    static int freePort() {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @TestHTTPResource("/")
  URL app;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService clients = Executors.newFixedThreadPool(8);

  @BeforeEach
  void stubReplicas() {
    for (int i = 0; i < 2; i++) {
      if (!Replicas.servers[i].isRunning()) {
        Replicas.servers[i] = Replicas.started(Replicas.ports[i]);
      }
      stub(Replicas.servers[i], 0);
    }
  }

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  static void stub(WireMockServer s, int delayMs) {
    s.resetAll();
    s.stubFor(
        post(urlPathEqualTo("/api/chat"))
            .willReturn(json(200, Fixtures.read("ollama/chat.json")).withFixedDelay(delayMs)));
    s.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, Fixtures.read("ollama/tags.json"))));
  }

  static int chats(WireMockServer s) {
    return s.countRequestsMatching(postRequestedFor(urlPathEqualTo("/api/chat")).build())
        .getCount();
  }

  /** One client call; its HTTP status. */
  int call() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(app + "v1/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\": \""
                              + FLEET
                              + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code n} calls from 8 concurrent clients; {@code midway} runs after {@code at} have ended. */
  List<Integer> run(int n, int at, Runnable midway) throws Exception {
    AtomicInteger done = new AtomicInteger();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(
          clients.submit(
              () -> {
                int status = call();
                if (done.incrementAndGet() == at) {
                  midway.run();
                }
                return status;
              }));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : futures) {
      statuses.add(f.get(60, TimeUnit.SECONDS));
    }
    return statuses;
  }

  static JsonPath replicaViews() {
    return given()
        .get("/api/deployments")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("find { it.id == '" + FLEET + "' }");
  }

  static long usageRequests() {
    return given()
        .get("/api/usage")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("deployments.find { it.deploymentId == '" + FLEET + "' }.requests");
  }

  @Test
  void should_split_calls_between_equal_replicas_no_worse_than_60_40() throws Exception {
    stub(Replicas.servers[0], 20);
    stub(Replicas.servers[1], 20);

    List<Integer> statuses = run(1000, -1, () -> {});

    assertThat(statuses).allMatch(s -> s == 200);
    int first = chats(Replicas.servers[0]);
    int second = chats(Replicas.servers[1]);
    System.out.printf("fleet split of equal replicas over 1000 calls: %d / %d%n", first, second);
    assertThat(first + second).isEqualTo(1000);
    assertThat(first / 1000.0).isBetween(0.40, 0.60);
  }

  @Test
  void should_send_more_calls_to_the_faster_replica_and_some_to_each() throws Exception {
    // given replica 0 answers in 30 ms and replica 1 in 45 ms
    stub(Replicas.servers[0], 30);
    stub(Replicas.servers[1], 45);

    // when 1,000 calls come from 8 clients at once
    List<Integer> statuses = run(1000, -1, () -> {});

    // then every call is answered, and the split follows the calls in flight: the faster replica
    // frees its slots sooner and so takes more, the slower still takes a fair part
    assertThat(statuses).allMatch(s -> s == 200);
    int fast = chats(Replicas.servers[0]);
    int slow = chats(Replicas.servers[1]);
    double share = fast / (double) (fast + slow);
    System.out.printf(
        "fleet split over 1000 calls: fast %d, slow %d (%.1f%%)%n", fast, slow, 100 * share);
    assertThat(fast + slow).isEqualTo(1000);
    assertThat(share).isBetween(0.52, 0.75);

    // and /api/deployments shows both replicas, up, with their measured latency
    JsonPath v = replicaViews();
    assertThat(v.getList("replicas.url")).containsExactly(Replicas.url(0), Replicas.url(1));
    assertThat(v.getList("replicas.state")).containsExactly("up", "up");
    assertThat(v.getLong("replicas[1].p50Ms")).isGreaterThanOrEqualTo(45);
    assertThat(v.getLong("replicas[0].p50Ms")).isLessThan(v.getLong("replicas[1].p50Ms"));
    assertThat(v.getList("replicas.outstanding")).containsExactly(0, 0);
  }

  @Test
  void should_answer_every_call_when_a_replica_stops_mid_run_and_use_it_again_once_it_is_back()
      throws Exception {
    stub(Replicas.servers[0], 10);
    stub(Replicas.servers[1], 10);
    long before = usageRequests();

    // when replica 1 stops after 100 of 400 calls
    List<Integer> statuses = run(400, 100, () -> Replicas.servers[1].stop());

    // then no call failed: those that found it down were served by replica 0, and it is ejected
    assertThat(statuses).allMatch(s -> s == 200);
    assertThat(replicaViews().getString("replicas[1].state")).isEqualTo("ejected");
    assertThat(replicaViews().getString("replicas[0].state")).isEqualTo("up");
    // the ledger holds one row per client call, however many replicas each one tried
    assertThat(usageRequests()).isEqualTo(before + 400);

    // when it comes back, a call after the cool-down re-admits it and it takes calls again
    Replicas.servers[1] = Replicas.started(Replicas.ports[1]);
    stub(Replicas.servers[1], 10);
    long back = System.nanoTime();
    Await.until(
        "the restarted replica to be re-admitted",
        Duration.ofSeconds(10),
        () -> {
          assertThat(call()).isEqualTo(200);
          return "up".equals(replicaViews().getString("replicas[1].state"));
        });
    System.out.printf(
        "fleet replica re-admitted %d ms after it came back (cool-down %d ms)%n",
        (System.nanoTime() - back) / 1_000_000, COOLDOWN.toMillis());
    int served = chats(Replicas.servers[1]);
    assertThat(run(20, -1, () -> {})).allMatch(s -> s == 200);
    assertThat(chats(Replicas.servers[1]) - served).isPositive();
  }

  @Test
  void should_pull_and_warm_the_model_on_every_replica_and_say_which_servers_the_shape_lacks()
      throws Exception {
    // given replica 1 has not pulled the model yet, and pulls it on request
    WireMockServer fresh = Replicas.servers[1];
    fresh.stubFor(
        get(urlPathEqualTo("/api/tags"))
            .inScenario("pull")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(json(200, "{\"models\": []}"))
            .willSetStateTo("pulled"));
    fresh.stubFor(
        get(urlPathEqualTo("/api/tags"))
            .inScenario("pull")
            .whenScenarioStateIs("pulled")
            .willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    for (WireMockServer s : Replicas.servers) {
      s.stubFor(
          post(urlPathEqualTo("/api/pull"))
              .willReturn(
                  com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/x-ndjson")
                      .withBody(Fixtures.read("ollama/pull.ndjson"))
                      .withFixedDelay(500)));
      s.stubFor(
          post(urlPathEqualTo("/api/generate"))
              .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    }

    // when a recommendation of 3 servers × 2 RTX 4090 is applied, and its progress watched
    given()
        .contentType("application/json")
        .body(
            "{\"recommendationId\": \"ollama/llama2:7b-chat-q4_0@rtx-4090:buy:3x2\", \"latencyTargetMs\": 8000}")
        .post("/api/plan")
        .then()
        .statusCode(202);
    String events =
        http.send(
                HttpRequest.newBuilder(URI.create(app + "api/plan/status"))
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    // then the pull's progress names the replica that pulls
    assertThat(events)
        .contains("\"action\":\"pull\"")
        .contains("\"replica\":\"" + Replicas.url(1) + "\"");
    JsonPath status = given().get("/api/plan/status").jsonPath();
    assertThat(status.getString("state")).isEqualTo("active");
    // each replica has its own step, and both end ready
    assertThat(status.getList("steps.replica")).containsExactly(Replicas.url(0), Replicas.url(1));
    assertThat(status.getList("steps.action")).containsExactly("ready", "ready");
    assertThat(status.getList("steps.deploymentId")).containsOnly(FLEET);
    // only the replica without the model pulled it; both were warmed
    assertThat(
            fresh
                .countRequestsMatching(postRequestedFor(urlPathEqualTo("/api/pull")).build())
                .getCount())
        .isEqualTo(1);
    assertThat(
            Replicas.servers[0]
                .countRequestsMatching(postRequestedFor(urlPathEqualTo("/api/pull")).build())
                .getCount())
        .isZero();
    for (WireMockServer s : Replicas.servers) {
      assertThat(
              s.countRequestsMatching(postRequestedFor(urlPathEqualTo("/api/generate")).build())
                  .getCount())
          .isPositive();
    }
    // and the status says the shape wants a third server, with the exact setting that adds it
    String setting =
        "advisor.deployments.fleet.base-url="
            + Replicas.url(0)
            + ","
            + Replicas.url(1)
            + ",http://<server-3>:11434";
    assertThat(status.getList("warnings", String.class))
        .singleElement()
        .asString()
        .contains("3 servers × 2 rtx-4090")
        .contains("lists 2 Ollama servers")
        .contains(setting)
        .contains("ADVISOR_DEPLOYMENTS_FLEET_BASE_URL");
    assertThat(status.getString("detail")).contains(setting);
  }
}
