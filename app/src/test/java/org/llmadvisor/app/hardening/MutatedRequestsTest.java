package org.llmadvisor.app.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.app.gateway.GatewayAccess;
import org.llmadvisor.providers.Fixtures;

/**
 * Seeded mutations of valid requests (a field deleted, retyped, made huge, empty or deep, the body
 * cut short) to every JSON door: each answer is 2xx or 4xx, and no error names a Java class or
 * carries a stack trace. Bounded and seeded, so a failure repeats; the failing body is in the
 * message.
 */
@QuarkusTest
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class MutatedRequestsTest {

  private static final long SEED = 26;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // a class name with its package (org.h2.jdbc.JdbcSQLException), or a stack frame
  private static final Pattern JAVA =
      Pattern.compile(
          "\\b(?:java|javax|jakarta|org|com|io|dev|sun)\\.(?:[a-z0-9_]+\\.)+[A-Z]\\w*|Exception\\b|\\tat ");

  private static final String DEEP = "@deeply-nested@";
  private static final String ESTIMATE =
      "{\"model\": \"llama-2-7b\", \"hardware\": \"rtx-4090\", \"quantization\": \"Q4_K_M\","
          + " \"contextTokens\": 4096, \"promptTokens\": 512, \"parallel\": 2}";
  private static final String ADVICE =
      "{\"workload\": {\"requestsPerDay\": 1000, \"inputTokens\": 500, \"outputTokens\": 200,"
          + " \"peakFactor\": 3}, \"latencyTargetMs\": 5000, \"qualityFloor\": 40,"
          + " \"hardware\": [\"rtx-4090\"]}";
  private static final String PLAN =
      "{\"deploymentIds\": [\"cloud\", \"local\"], \"latencyTargetMs\": 5000,"
          + " \"monthlyBudgetUsd\": 10}";
  private static final String CHAT =
      "{\"model\": \"auto\", \"max_tokens\": 16, \"temperature\": 0.5, \"top_p\": 1,"
          + " \"stream\": false, \"user\": \"fuzz\", \"stop\": [\"\\n\\n\"],"
          + " \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
          + " {\"role\": \"user\", \"content\": \"Hello\"},"
          + " {\"role\": \"assistant\", \"content\": \"Hi.\"},"
          + " {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Describe\"},"
          + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}]}";

  @Test
  void should_answer_every_mutated_request_with_2xx_or_4xx_and_no_java_when_bodies_are_mutated()
      throws Exception {
    BackendsResource.server.resetAll();
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/v1/chat/completions"))
            .willReturn(BackendsResource.json(200, Fixtures.read("openai/chat.json"))));
    BackendsResource.server.stubFor(
        get(urlPathMatching(".*/v1/models.*"))
            .willReturn(BackendsResource.json(200, "{\"id\": \"gpt-4o-mini\"}")));
    BackendsResource.server.stubFor(
        get(urlPathMatching(".*/api/tags"))
            .willReturn(BackendsResource.json(200, Fixtures.read("ollama/tags.json"))));
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/api/generate"))
            .willReturn(BackendsResource.json(200, Fixtures.read("ollama/generate-load.json"))));
    BackendsResource.server.stubFor(
        post(urlPathMatching(".*/api/chat"))
            .willReturn(BackendsResource.json(200, Fixtures.read("ollama/chat.json"))));
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    // 10,000 in all; advice is the slowest door to answer, so it takes the fewest
    run("/api/estimate", ESTIMATE, 4_000, random, failures);
    run("/api/advice", ADVICE, 200, random, failures);
    GatewayAccess.applyPlan(PLAN);
    run("/v1/chat/completions", CHAT, 4_300, random, failures);
    run("/api/plan", PLAN, 1_500, random, failures);
    assertThat(failures).isEmpty();
  }

  private static void run(
      String path, String valid, int count, Random random, List<String> failures) throws Exception {
    JsonNode base = JSON.readTree(valid);
    long start = System.nanoTime();
    URI uri = URI.create("http://localhost:" + RestAssured.port + path);
    for (int i = 0; i < count; i++) {
      String body = mutate(base, path, random);
      // one keep-alive client rather than RestAssured's request pipeline, which cost about 30 ms
      // a request and made 10,000 of them a six-minute test
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String answer = r.body();
      if (r.statusCode() >= 500 || JAVA.matcher(answer).find()) {
        failures.add(
            path + " " + r.statusCode() + " for " + abbreviate(body) + " -> " + abbreviate(answer));
      }
    }
    System.out.printf(
        "%s: %d mutated requests in %.1f s%n", path, count, (System.nanoTime() - start) / 1e9);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
  }

  /** One mutation of a copy of {@code valid}. */
  static String mutate(JsonNode valid, String path, Random random) throws Exception {
    if (random.nextInt(10) == 0) {
      String text = JSON.writeValueAsString(valid);
      return text.substring(0, random.nextInt(text.length()));
    }
    JsonNode copy = valid.deepCopy();
    List<Slot> slots = new ArrayList<>();
    collect(copy, slots);
    Slot s = slots.get(random.nextInt(slots.size()));
    JsonNode replacement =
        switch (random.nextInt(9)) {
          case 0 -> null; // deleted
          case 1 -> NODES.numberNode(random.nextInt(3) - 1);
          case 2 -> NODES.numberNode(1e308);
          case 3 -> NODES.textNode(random.nextBoolean() ? "" : "x");
          case 4 -> NODES.textNode("y".repeat(100_000));
          case 5 -> NODES.arrayNode();
          case 6 -> NODES.objectNode();
          case 7 -> random.nextBoolean() ? NODES.nullNode() : NODES.booleanNode(false);
          default -> NODES.textNode(DEEP);
        };
    s.set(replacement);
    // nested arrays deeper than Jackson writes, put in as text
    int depth = random.nextInt(3) == 0 ? 5_000 : 200;
    return JSON.writeValueAsString(copy)
        .replace("\"" + DEEP + "\"", "[".repeat(depth) + "]".repeat(depth));
  }

  /** A place in the document a mutation can change: a field of an object or an array's item. */
  private interface Slot {
    /** Replaces the value; null deletes it. */
    void set(JsonNode value);
  }

  private static void collect(JsonNode node, List<Slot> out) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        out.add(v -> setOrRemove(o, name, v));
        collect(o.get(name), out);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int index = i;
        out.add(v -> a.set(index, v == null ? NODES.nullNode() : v));
        collect(a.get(i), out);
      }
    }
  }

  private static void setOrRemove(ObjectNode o, String name, JsonNode v) {
    if (v == null) {
      o.remove(name);
    } else {
      o.set(name, v);
    }
  }
}
