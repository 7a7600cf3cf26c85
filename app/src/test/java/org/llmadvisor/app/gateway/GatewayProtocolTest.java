package org.llmadvisor.app.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.BackendsResource.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;

/**
 * What OpenAI clients send beyond messages and a temperature, checked as a client sees it: through
 * deployments of provider {@code openai} and {@code ollama} on WireMock backends that record the
 * bodies they receive.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayBackends.class, restrictToAnnotatedClass = true)
class GatewayProtocolTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String WEATHER_TOOL =
      "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\":"
          + " \"Weather in a city\", \"parameters\": {\"type\": \"object\", \"properties\":"
          + " {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"],"
          + " \"additionalProperties\": false}, \"strict\": true}}";

  static final String TOOL_CALL_ANSWER =
      "{\"id\": \"chatcmpl-t\", \"object\": \"chat.completion\", \"created\": 1, \"model\":"
          + " \"gpt-4o\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
          + " \"content\": null, \"tool_calls\": [{\"id\": \"call_abc\", \"type\": \"function\","
          + " \"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\":"
          + " \\\"Paris\\\"}\"}}]}, \"finish_reason\": \"tool_calls\"}], \"usage\":"
          + " {\"prompt_tokens\": 20, \"completion_tokens\": 7, \"total_tokens\": 27}}";

  static final String TOOL_CALL_STREAM =
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":"
          + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
          + "{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
          + "{\"arguments\":\" \\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
          + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7,"
          + "\"total_tokens\":27}}\n\ndata: [DONE]\n\n";

  static final String OLLAMA_TOOL_CALL =
      "{\"model\": \"llama3.1:8b\", \"created_at\": \"2024-07-25T10:00:00Z\", \"message\":"
          + " {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": [{\"function\":"
          + " {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}}]},"
          + " \"done_reason\": \"stop\", \"done\": true, \"prompt_eval_count\": 20,"
          + " \"eval_count\": 7}";

  @BeforeEach
  void stubBackends() {
    BackendsResource.server.resetAll();
    String chat = Fixtures.read("openai/chat.json").replace("gpt-4o-mini", "gpt-4o");
    for (String d : List.of("proto", "reasoner")) {
      BackendsResource.server.stubFor(
          WireMock.post(urlPathEqualTo("/" + d + "/v1/chat/completions"))
              .willReturn(json(200, chat)));
    }
    for (String d : List.of("olproto", "olplain")) {
      BackendsResource.server.stubFor(
          WireMock.post(urlPathEqualTo("/" + d + "/api/chat"))
              .willReturn(json(200, Fixtures.read("ollama/chat.json"))));
    }
  }

  static ValidatableResponse chat(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then();
  }

  static String request(String model, String extra) {
    return "{\"model\": \""
        + model
        + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"}]"
        + extra
        + "}";
  }

  static JsonNode sent(String path) throws Exception {
    List<LoggedRequest> r = BackendsResource.server.findAll(postRequestedFor(urlPathEqualTo(path)));
    assertThat(r).isNotEmpty();
    return JSON.readTree(r.get(r.size() - 1).getBodyAsString());
  }

  @Test
  void should_answer_a_tool_call_in_openais_shape_and_send_the_tools_verbatim() throws Exception {
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/proto/v1/chat/completions"))
            .willReturn(json(200, TOOL_CALL_ANSWER)));

    JsonNode answer =
        JSON.readTree(
            chat(request(
                    "proto",
                    ", \"tools\": ["
                        + WEATHER_TOOL
                        + "], \"tool_choice\":"
                        + " {\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}},"
                        + " \"parallel_tool_calls\": false"))
                .statusCode(200)
                .extract()
                .asString());

    JsonNode choice = answer.get("choices").get(0);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.get("message").get("content").isNull()).isTrue();
    JsonNode call = choice.get("message").get("tool_calls").get(0);
    assertThat(call.get("id").asText()).isEqualTo("call_abc");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(call.get("function").get("arguments").asText()).get("city").asText())
        .isEqualTo("Paris");
    JsonNode body = sent("/proto/v1/chat/completions");
    assertThat(body.get("tools")).isEqualTo(JSON.readTree("[" + WEATHER_TOOL + "]"));
    assertThat(body.get("tool_choice").get("function").get("name").asText())
        .isEqualTo("get_weather");
    assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
  }

  @Test
  void should_stream_a_tool_call_as_openai_does() {
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/proto/v1/chat/completions"))
            .willReturn(
                WireMock.aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(TOOL_CALL_STREAM)));

    String events =
        chat(request("proto", ", \"stream\": true, \"tools\": [" + WEATHER_TOOL + "]"))
            .statusCode(200)
            .extract()
            .asString();

    StringBuilder arguments = new StringBuilder();
    String first = null;
    String finish = null;
    for (String line : events.split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonNode c = read(line.substring(6));
      JsonNode choice = c.path("choices").path(0);
      JsonNode call = choice.path("delta").path("tool_calls").path(0);
      if (!call.isMissingNode()) {
        assertThat(call.get("index").asInt()).isZero();
        if (first == null) {
          first = call.get("id").asText() + " " + call.get("function").get("name").asText();
        }
        arguments.append(call.get("function").get("arguments").asText());
      }
      if (choice.hasNonNull("finish_reason")) {
        finish = choice.get("finish_reason").asText();
      }
    }
    assertThat(first).isEqualTo("call_abc get_weather");
    assertThat(arguments.toString()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(finish).isEqualTo("tool_calls");
    assertThat(events).endsWith("data: [DONE]\n\n");
  }

  @Test
  void should_send_a_tool_result_on_with_the_call_it_answers() throws Exception {
    chat("{\"model\": \"proto\", \"tools\": ["
            + WEATHER_TOOL
            + "], \"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"},"
            + " {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_abc\","
            + " \"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"arguments\":"
            + " \"{\\\"city\\\": \\\"Paris\\\"}\"}}]},"
            + " {\"role\": \"tool\", \"tool_call_id\": \"call_abc\", \"content\": \"18 C, sunny\"}]}")
        .statusCode(200);

    JsonNode messages = sent("/proto/v1/chat/completions").get("messages");
    assertThat(messages.get(1).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_abc");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_abc");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("18 C, sunny");
  }

  @Test
  void should_pass_response_format_seed_stop_logit_bias_and_user_to_the_backend() throws Exception {
    String format =
        "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"weather\", \"strict\": true,"
            + " \"schema\": {\"type\": \"object\", \"properties\": {\"celsius\": {\"type\":"
            + " \"number\"}}, \"required\": [\"celsius\"], \"additionalProperties\": false}}}";
    chat(request(
            "proto",
            ", \"response_format\": "
                + format
                + ", \"seed\": 42, \"stop\": [\"END\"], \"logit_bias\": {\"50256\": -100},"
                + " \"user\": \"u-17\""))
        .statusCode(200);

    JsonNode body = sent("/proto/v1/chat/completions");
    assertThat(body.get("response_format")).isEqualTo(JSON.readTree(format));
    assertThat(body.get("seed").asInt()).isEqualTo(42);
    assertThat(body.get("stop").get(0).asText()).isEqualTo("END");
    assertThat(body.get("logit_bias").get("50256").asInt()).isEqualTo(-100);
    assertThat(body.get("user").asText()).isEqualTo("u-17");
  }

  @Test
  void should_pass_an_image_part_to_the_backend() throws Exception {
    chat("{\"model\": \"proto\", \"messages\": [{\"role\": \"user\", \"content\": ["
            + "{\"type\": \"text\", \"text\": \"What is this?\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\":"
            + " \"https://example.com/cat.png\", \"detail\": \"low\"}}]}]}")
        .statusCode(200);

    JsonNode parts = sent("/proto/v1/chat/completions").get("messages").get(0).get("content");
    assertThat(parts.get(1).get("type").asText()).isEqualTo("image_url");
    assertThat(parts.get(1).get("image_url").get("url").asText())
        .isEqualTo("https://example.com/cat.png");
    assertThat(parts.get(1).get("image_url").get("detail").asText()).isEqualTo("low");
  }

  @Test
  void should_send_max_completion_tokens_and_never_max_tokens_to_a_reasoning_model()
      throws Exception {
    chat(request("reasoner", ", \"max_tokens\": 300, \"reasoning_effort\": \"low\""))
        .statusCode(200);
    JsonNode bounded = sent("/reasoner/v1/chat/completions");
    assertThat(bounded.get("max_completion_tokens").asInt()).isEqualTo(300);
    assertThat(bounded.has("max_tokens")).isFalse();
    assertThat(bounded.get("reasoning_effort").asText()).isEqualTo("low");

    // without a bound from the client the router's default is not sent: it would cut reasoning
    chat(request("reasoner", "")).statusCode(200);
    JsonNode unbounded = sent("/reasoner/v1/chat/completions");
    assertThat(unbounded.has("max_tokens")).isFalse();
    assertThat(unbounded.has("max_completion_tokens")).isFalse();
  }

  @Test
  void should_refuse_reasoning_effort_by_name_for_a_model_that_does_not_reason() {
    chat(request("proto", ", \"reasoning_effort\": \"low\""))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("reasoning_effort"))
        .body("error.code", org.hamcrest.Matchers.equalTo("unsupported_parameter"));
  }

  @Test
  void should_refuse_n_logprobs_and_unknown_fields_by_name() {
    chat(request("proto", ", \"n\": 2"))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("n"));
    chat(request("proto", ", \"logprobs\": true"))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("logprobs"));
    chat(request("proto", ", \"modalities\": [\"audio\"]"))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("modalities"));
  }

  @Test
  void should_refuse_empty_content_by_name_rather_than_fail() {
    chat("{\"model\": \"proto\", \"messages\": [{\"role\": \"user\", \"content\": \"\"}]}")
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("messages[0].content"));
    chat("{\"model\": \"proto\", \"messages\": [{\"role\": \"user\", \"content\": []}]}")
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("messages[0].content"));
  }

  @Test
  void should_send_tools_and_format_to_ollama_and_answer_its_tool_call() throws Exception {
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/olproto/api/chat")).willReturn(json(200, OLLAMA_TOOL_CALL)));

    JsonNode answer =
        JSON.readTree(
            chat(request("olproto", ", \"tools\": [" + WEATHER_TOOL + "], \"seed\": 7"))
                .statusCode(200)
                .extract()
                .asString());

    JsonNode choice = answer.get("choices").get(0);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode call = choice.get("message").get("tool_calls").get(0);
    assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
    assertThat(call.get("id").asText()).isNotBlank();
    JsonNode body = sent("/olproto/api/chat");
    assertThat(body.get("tools").get(0).get("function").get("name").asText())
        .isEqualTo("get_weather");
    assertThat(body.get("options").get("seed").asInt()).isEqualTo(7);
  }

  @Test
  void should_send_a_json_schema_to_ollama_as_its_format() throws Exception {
    chat(request(
            "olproto",
            ", \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\":"
                + " \"w\", \"schema\": {\"type\": \"object\", \"properties\": {\"celsius\":"
                + " {\"type\": \"number\"}}}}}"))
        .statusCode(200);
    chat(request("olproto", ", \"response_format\": {\"type\": \"json_object\"}")).statusCode(200);

    List<LoggedRequest> r =
        BackendsResource.server.findAll(postRequestedFor(urlPathEqualTo("/olproto/api/chat")));
    JsonNode schema = JSON.readTree(r.get(r.size() - 2).getBodyAsString()).get("format");
    assertThat(schema.get("properties").get("celsius").get("type").asText()).isEqualTo("number");
    assertThat(JSON.readTree(r.get(r.size() - 1).getBodyAsString()).get("format").asText())
        .isEqualTo("json");
  }

  @Test
  void should_refuse_by_name_what_ollama_cannot_honour() {
    chat(request("olproto", ", \"tools\": [" + WEATHER_TOOL + "], \"tool_choice\": \"required\""))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("tool_choice"));
    chat(request("olproto", ", \"logit_bias\": {\"1\": 5}"))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("logit_bias"));
    chat("{\"model\": \"olproto\", \"messages\": [{\"role\": \"user\", \"content\": ["
            + "{\"type\": \"text\", \"text\": \"What is this?\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/c.png\"}}]}]}")
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("messages[0].content"));
    BackendsResource.server.verify(0, postRequestedFor(urlPathEqualTo("/olproto/api/chat")));
  }

  @Test
  void should_refuse_tools_and_images_by_name_for_an_ollama_model_that_lists_neither() {
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/olplain/api/show"))
            .willReturn(
                json(
                    200,
                    "{\"details\": {\"family\": \"llama\"}, \"capabilities\": [\"completion\"]}")));

    chat(request("olplain", ", \"tools\": [" + WEATHER_TOOL + "]"))
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("tools"))
        .body("error.code", org.hamcrest.Matchers.equalTo("unsupported_parameter"))
        .body("error.message", org.hamcrest.Matchers.containsString("llama2:7b-chat-q4_0"));
    chat("{\"model\": \"olplain\", \"messages\": [{\"role\": \"user\", \"content\": ["
            + "{\"type\": \"text\", \"text\": \"What is this?\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}]}")
        .statusCode(400)
        .body("error.param", org.hamcrest.Matchers.equalTo("messages[0].content"))
        .body("error.message", org.hamcrest.Matchers.containsString("vision"));
    // tool_choice none sends no tools: nothing to refuse
    chat(request("olplain", ", \"tools\": [" + WEATHER_TOOL + "], \"tool_choice\": \"none\""))
        .statusCode(200);
    BackendsResource.server.verify(1, postRequestedFor(urlPathEqualTo("/olplain/api/chat")));
  }

  @Test
  void should_fall_back_past_an_ollama_model_that_cannot_take_the_tools() {
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/olplain/api/show"))
            .willReturn(
                json(
                    200,
                    "{\"details\": {\"family\": \"llama\"}, \"capabilities\": [\"completion\"]}")));
    BackendsResource.server.stubFor(
        WireMock.get(urlPathEqualTo("/olplain/api/tags"))
            .willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    BackendsResource.server.stubFor(
        WireMock.post(urlPathEqualTo("/olplain/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    GatewayTest.applyPlan(
        "{\"deploymentIds\": [\"olplain\", \"proto\"], \"latencyTargetMs\": 10000}");

    chat(request("auto", ", \"tools\": [" + WEATHER_TOOL + "]"))
        .statusCode(200)
        .header("x-advisor-deployment", "proto");
    // without tools the plan's first choice serves, as before
    chat(request("auto", "")).statusCode(200).header("x-advisor-deployment", "olplain");

    BackendsResource.server.verify(1, postRequestedFor(urlPathEqualTo("/olplain/api/chat")));
    BackendsResource.server.verify(
        1, postRequestedFor(urlPathEqualTo("/proto/v1/chat/completions")));
  }

  @Test
  void should_pass_a_data_url_image_to_ollama_as_base64() throws Exception {
    chat("{\"model\": \"olproto\", \"messages\": [{\"role\": \"user\", \"content\": ["
            + "{\"type\": \"text\", \"text\": \"What is this?\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}]}")
        .statusCode(200);
    JsonNode m = sent("/olproto/api/chat").get("messages").get(0);
    assertThat(m.get("images").get(0).asText()).isEqualTo("iVBORw0KGgo=");
    assertThat(m.get("content").asText()).isEqualTo("What is this?");
  }

  private static JsonNode read(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }
}
