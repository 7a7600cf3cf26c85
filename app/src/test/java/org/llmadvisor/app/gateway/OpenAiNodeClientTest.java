package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.llmadvisor.app.BackendsResource.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;

/**
 * The gateway as an agent built on the official {@code openai} client for Node.js uses it, through
 * a deployment of provider {@code openai} on a WireMock backend that records what it receives: a
 * tool-calling loop blocking and streamed, and structured output read back with {@code
 * chat.completions.parse}. The backend answers by what it is sent (a tool result, a response
 * format, a stream), so every answer the client gets was earned by the request the gateway passed
 * on.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayBackends.class, restrictToAnnotatedClass = true)
class OpenAiNodeClientTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PATH = "/" + GatewayBackends.AGENT + "/v1/chat/completions";

  static final String TOOL_RESULT_SENT = "$.messages[?(@.role == 'tool')]";
  static final String STREAMED = "$[?(@.stream == true)]";

  static final String FINAL_ANSWER =
      "{\"id\": \"chatcmpl-f\", \"object\": \"chat.completion\", \"created\": 1, \"model\":"
          + " \"gpt-4o\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
          + " \"content\": \"In Paris it is 18 C and sunny.\"}, \"finish_reason\": \"stop\"}],"
          + " \"usage\": {\"prompt_tokens\": 40, \"completion_tokens\": 9, \"total_tokens\": 49}}";

  static final String STRUCTURED_ANSWER =
      "{\"id\": \"chatcmpl-s\", \"object\": \"chat.completion\", \"created\": 1, \"model\":"
          + " \"gpt-4o\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
          + " \"content\": \"{\\\"city\\\": \\\"Paris\\\", \\\"celsius\\\": 18}\"},"
          + " \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 30,"
          + " \"completion_tokens\": 8, \"total_tokens\": 38}}";

  static final String FINAL_STREAM =
      "data: {\"id\":\"f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"In Paris\"},"
          + "\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" it is 18 C.\"},"
          + "\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"id\":\"f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":6,"
          + "\"total_tokens\":46}}\n\ndata: [DONE]\n\n";

  @TestHTTPResource("/v1")
  URL v1;

  /** The backend's answer to requests whose body matches every one of {@code jsonPaths}. */
  static void answer(int priority, ResponseDefinitionBuilder answer, String... jsonPaths) {
    MappingBuilder m = WireMock.post(urlPathEqualTo(PATH)).atPriority(priority);
    for (String p : jsonPaths) {
      m = m.withRequestBody(matchingJsonPath(p));
    }
    BackendsResource.server.stubFor(m.willReturn(answer));
  }

  static ResponseDefinitionBuilder sse(String body) {
    return WireMock.aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/event-stream")
        .withBody(body);
  }

  @Test
  void should_run_a_tool_loop_blocking_and_streamed_and_structured_output_with_the_npm_client()
      throws Exception {
    Path app = Path.of("").toAbsolutePath();
    Optional<NodeOpenAiClient> client =
        NodeOpenAiClient.prepare(
            app.resolve("src/test/openai-client"), app.resolve("target/openai-client"));
    assumeTrue(client.isPresent(), "node and npm are needed for the openai client test");
    BackendsResource.server.removeServeEventsMatching(
        postRequestedFor(urlPathEqualTo(PATH)).build());
    // first asked: a call of the tool; asked with the tool's result: the answer
    answer(1, sse(FINAL_STREAM), STREAMED, TOOL_RESULT_SENT);
    answer(2, sse(GatewayProtocolTest.TOOL_CALL_STREAM), STREAMED);
    answer(3, json(200, FINAL_ANSWER), TOOL_RESULT_SENT);
    answer(3, json(200, STRUCTURED_ANSWER), "$.response_format");
    answer(5, json(200, GatewayProtocolTest.TOOL_CALL_ANSWER));

    NodeOpenAiClient.Result r = client.get().run(List.of(v1.toString(), GatewayBackends.AGENT));

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonNode got = JSON.readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    for (String mode : List.of("blocking", "streamed")) {
      JsonNode call = got.get(mode).get("call");
      assertThat(call.get("id").asText()).as(mode).isEqualTo("call_abc");
      assertThat(call.get("name").asText()).as(mode).isEqualTo("get_weather");
      assertThat(JSON.readTree(call.get("arguments").asText()).get("city").asText())
          .as(mode)
          .isEqualTo("Paris");
    }
    assertThat(got.get("blocking").get("answer").asText())
        .isEqualTo("In Paris it is 18 C and sunny.");
    assertThat(got.get("streamed").get("answer").asText()).isEqualTo("In Paris it is 18 C.");
    assertThat(got.get("parsed"))
        .isEqualTo(JSON.readTree("{\"city\": \"Paris\", \"celsius\": 18}"));

    List<JsonNode> sent = sent();
    assertThat(sent).hasSize(5);
    JsonNode tools = JSON.readTree(GatewayProtocolTest.WEATHER_TOOL);
    for (int i : new int[] {0, 2}) {
      boolean streamed = i == 2;
      JsonNode ask = sent.get(i);
      JsonNode answer = sent.get(i + 1);
      assertThat(ask.path("stream").asBoolean()).as("request %d streamed", i).isEqualTo(streamed);
      assertThat(ask.get("tools").get(0)).isEqualTo(tools);
      assertThat(ask.get("tool_choice").asText()).isEqualTo("auto");
      assertThat(ask.get("messages")).hasSize(1);
      // the client sends its history back: the question, the assistant's call, the tool's result
      JsonNode messages = answer.get("messages");
      assertThat(messages).hasSize(3);
      assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
      JsonNode call = messages.get(1).get("tool_calls").get(0);
      assertThat(call.get("id").asText()).isEqualTo("call_abc");
      assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
      assertThat(JSON.readTree(call.get("function").get("arguments").asText()).get("city").asText())
          .isEqualTo("Paris");
      assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
      assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_abc");
      assertThat(messages.get(2).get("content").asText()).isEqualTo("18 C, sunny");
      assertThat(answer.get("tools").get(0)).isEqualTo(tools);
    }
    JsonNode format = sent.get(4).get("response_format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
    assertThat(format.get("json_schema").get("schema"))
        .isEqualTo(
            JSON.readTree(
                "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"},"
                    + " \"celsius\": {\"type\": \"number\"}}, \"required\": [\"city\", \"celsius\"],"
                    + " \"additionalProperties\": false}"));
  }

  /** What the backend received, oldest first. */
  private static List<JsonNode> sent() throws Exception {
    List<LoggedRequest> r = BackendsResource.server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest q : r) {
      out.add(JSON.readTree(q.getBodyAsString()));
    }
    return out;
  }
}
