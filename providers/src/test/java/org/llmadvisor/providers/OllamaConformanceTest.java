package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.providers.factory.Deployments;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.ollama.OllamaDeployment;
import org.llmadvisor.providers.ollama.OllamaManagement;

class OllamaConformanceTest extends DeploymentConformanceTest {

  @Override
  DeploymentSettings settings(String baseUrl, Duration timeout) {
    return new DeploymentSettings(
        "local-llama",
        ProviderType.OLLAMA,
        baseUrl,
        "llama2:7b-chat-q4_0",
        Optional.empty(),
        Optional.empty(),
        Optional.of("rtx-4090"),
        timeout);
  }

  @Override
  String chatPath() {
    return "/api/chat";
  }

  @Override
  String chatBody() {
    return Fixtures.read("ollama/chat.json");
  }

  @Override
  String streamBody() {
    return Fixtures.read("ollama/chat-stream.ndjson");
  }

  @Override
  String toolCallBody() {
    return "{\"model\": \"llama2:7b-chat-q4_0\", \"created_at\": \"2024-07-25T10:00:00Z\","
        + " \"message\": {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\":"
        + " [{\"function\": {\"name\": \"get_weather\", \"arguments\": {\"city\":"
        + " \"Paris\"}}}]}, \"done_reason\": \"stop\", \"done\": true,"
        + " \"prompt_eval_count\": 20, \"eval_count\": 7}";
  }

  /** Ollama streams a call whole, in the line before the last. */
  @Override
  String toolCallStreamBody() {
    return "{\"model\": \"llama2:7b-chat-q4_0\", \"created_at\": \"2024-07-25T10:00:00Z\","
        + " \"message\": {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\":"
        + " [{\"function\": {\"name\": \"get_weather\", \"arguments\": {\"city\":"
        + " \"Paris\"}}}]}, \"done\": false}\n"
        + "{\"model\": \"llama2:7b-chat-q4_0\", \"created_at\": \"2024-07-25T10:00:01Z\","
        + " \"message\": {\"role\": \"assistant\", \"content\": \"\"}, \"done_reason\":"
        + " \"stop\", \"done\": true, \"prompt_eval_count\": 20, \"eval_count\": 7}\n";
  }

  @Override
  String formatSchemaPath() {
    return "$.format";
  }

  @Override
  String streamContentType() {
    return "application/x-ndjson";
  }

  @Override
  String errorBody(int status) {
    return status == 404
        ? Fixtures.read("ollama/error-not-found.json")
        : "{\"error\": \"HTTP " + status + "\"}";
  }

  @Override
  String expectedText() {
    return "Hello! How are you today?";
  }

  @Override
  String expectedStreamText() {
    return "Hello! How are you today?";
  }

  /** The first two lines: "Hello" and "! How". */
  @Override
  String streamHead() {
    String[] lines = streamBody().split("\n");
    return lines[0] + "\n" + lines[1] + "\n";
  }

  @Override
  String expectedStreamHeadText() {
    return "Hello! How";
  }

  @Override
  long expectedPromptTokens() {
    return 26;
  }

  @Override
  long expectedCompletionTokens() {
    return 298;
  }

  private OllamaManagement manager() {
    return Deployments.provision(settings(server.baseUrl(), Duration.ofSeconds(5)), CATALOG)
        .management()
        .orElseThrow();
  }

  @Test
  void should_record_zero_marginal_cost_for_a_local_model() {
    stubChat(json(200, chatBody()));
    deployment().chatModel().chat(hello());
    assertThat(records.get(0).zeroMarginalCost()).isTrue();
    assertThat(records.get(0).costUsd()).isZero();
  }

  @Test
  @FixturesOnly
  void should_list_show_and_report_running_models() {
    server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    server.stubFor(
        post(urlPathEqualTo("/api/show")).willReturn(json(200, Fixtures.read("ollama/show.json"))));
    server.stubFor(
        get(urlPathEqualTo("/api/ps")).willReturn(json(200, Fixtures.read("ollama/ps.json"))));
    OllamaManagement m = manager();
    assertThat(m.list())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.name()).isEqualTo("llama2:7b-chat-q4_0");
              assertThat(x.quantization()).isEqualTo("Q4_0");
            });
    OllamaManagement.ModelInfo info = m.show("llama2:7b-chat-q4_0");
    assertThat(info.parameterCount()).contains(6_738_415_616L);
    assertThat(info.contextLength()).contains(4096L);
    assertThat(info.capabilities()).containsExactly("completion");
    // the reported shape maps onto a core architecture with the same exact count
    assertThat(info.architecture())
        .hasValueSatisfying(
            a -> assertThat(ParameterCount.of(a).total()).isEqualTo(6_738_415_616L));
    assertThat(m.running())
        .singleElement()
        .satisfies(r -> assertThat(r.vramBytes()).isEqualTo(5_137_025_024L));
    assertThat(deployment().ready().ready()).isTrue();
  }

  @Test
  @FixturesOnly
  void should_pull_with_progress_to_success() {
    server.stubFor(
        post(urlPathEqualTo("/api/pull"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-ndjson")
                    .withBody(Fixtures.read("ollama/pull.ndjson"))));
    List<OllamaManagement.PullProgress> progress = new ArrayList<>();
    manager().pull("llama2:7b-chat-q4_0", progress::add);
    assertThat(progress)
        .extracting(OllamaManagement.PullProgress::status)
        .startsWith("pulling manifest")
        .endsWith("success");
    assertThat(progress.get(2).fraction())
        .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(progress.get(3).fraction()).isEqualTo(1.0);
    assertThat(progress.get(progress.size() - 1).fraction()).isEqualTo(1.0);
    server.verify(
        postRequestedFor(urlPathEqualTo("/api/pull"))
            .withRequestBody(
                equalToJson("{\"model\": \"llama2:7b-chat-q4_0\", \"stream\": true}")));
  }

  @Test
  @FixturesOnly
  void should_fail_a_pull_that_ends_before_success() {
    server.stubFor(
        post(urlPathEqualTo("/api/pull"))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"status\":\"pulling manifest\"}\n")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> manager().pull("llama2:7b-chat-q4_0", p -> {}))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  @FixturesOnly
  void should_warm_up_and_unload_with_keep_alive() {
    server.stubFor(
        post(urlPathEqualTo("/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    manager().warmUp("llama2:7b-chat-q4_0", Duration.ofMinutes(10));
    manager().unload("llama2:7b-chat-q4_0");
    server.verify(
        postRequestedFor(urlPathEqualTo("/api/generate"))
            .withRequestBody(
                equalToJson("{\"model\": \"llama2:7b-chat-q4_0\", \"keep_alive\": \"600s\"}")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/api/generate"))
            .withRequestBody(
                equalToJson("{\"model\": \"llama2:7b-chat-q4_0\", \"keep_alive\": \"0\"}")));
  }

  @Test
  @FixturesOnly
  void should_be_unready_when_the_model_is_not_pulled() {
    server.stubFor(get(urlPathEqualTo("/api/tags")).willReturn(json(200, "{\"models\": []}")));
    Readiness r = deployment().ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains("has not pulled");
  }

  static String show(String capabilities) {
    return "{\"details\": {\"family\": \"llama\"}"
        + (capabilities == null ? "" : ", \"capabilities\": " + capabilities)
        + "}";
  }

  static ChatRequest withImage() {
    return ChatRequest.builder()
        .messages(
            UserMessage.from(
                TextContent.from("What is this?"), ImageContent.from("iVBORw0KGgo=", "image/png")))
        .build();
  }

  @Test
  @FixturesOnly
  void should_refuse_tools_and_images_by_name_when_the_model_lists_neither() {
    server.stubFor(
        post(urlPathEqualTo("/api/show")).willReturn(json(200, show("[\"completion\"]"))));
    MeteredDeployment d = deployment();

    Optional<Refusal> tools = d.refuses(weatherQuestion());
    Optional<Refusal> image = d.refuses(withImage());

    assertThat(tools)
        .hasValueSatisfying(
            r -> {
              assertThat(r.param()).isEqualTo("tools");
              assertThat(r.message()).contains("llama2:7b-chat-q4_0").contains("[completion]");
            });
    assertThat(image)
        .hasValueSatisfying(
            r -> {
              assertThat(r.param()).isEqualTo("messages[0].content");
              assertThat(r.message()).contains("llama2:7b-chat-q4_0").contains("vision");
            });
    assertThat(d.refuses(hello())).isEmpty();
    // asked once, then kept: a request does not pay a round trip to Ollama for it
    server.verify(1, postRequestedFor(urlPathEqualTo("/api/show")));
    server.verify(0, postRequestedFor(urlPathEqualTo("/api/chat")));
  }

  @Test
  @FixturesOnly
  void should_pass_tools_and_images_to_a_model_that_lists_them() {
    server.stubFor(
        post(urlPathEqualTo("/api/show"))
            .willReturn(json(200, show("[\"completion\", \"tools\", \"vision\"]"))));
    MeteredDeployment d = deployment();

    assertThat(d.refuses(weatherQuestion())).isEmpty();
    assertThat(d.refuses(withImage())).isEmpty();
  }

  @Test
  @FixturesOnly
  void should_refuse_nothing_when_ollama_does_not_say_or_cannot_be_asked() {
    server.stubFor(post(urlPathEqualTo("/api/show")).willReturn(json(200, show(null))));
    assertThat(deployment().refuses(weatherQuestion())).isEmpty();

    server.resetAll();
    server.stubFor(post(urlPathEqualTo("/api/show")).willReturn(json(500, "{\"error\": \"x\"}")));
    MeteredDeployment d = deployment();
    assertThat(d.refuses(weatherQuestion())).isEmpty();
    // a failed answer is not kept: the next request asks again
    server.stubFor(
        post(urlPathEqualTo("/api/show")).willReturn(json(200, show("[\"completion\"]"))));
    assertThat(d.refuses(weatherQuestion())).map(Refusal::param).contains("tools");
  }

  @Test
  @FixturesOnly
  void should_send_the_plans_context_per_slot_as_num_ctx_beside_the_other_options()
      throws Exception {
    stubChat(json(200, chatBody()));
    ChatRequest asked =
        ChatRequest.builder()
            .messages(UserMessage.from("Hello"))
            .parameters(
                dev.langchain4j.model.openai.OpenAiChatRequestParameters.builder()
                    .seed(7)
                    .temperature(0.2)
                    .build())
            .build();

    deployment().chatModel().chat(OllamaDeployment.withContextLength(asked, 8192));
    deployment().chatModel().chat(asked);

    var sent = server.findAll(postRequestedFor(urlPathEqualTo("/api/chat")));
    assertThat(sent).hasSize(2);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var options = json.readTree(sent.get(0).getBodyAsString()).get("options");
    assertThat(options.get("num_ctx").asInt()).isEqualTo(8192);
    assertThat(options.get("seed").asInt()).isEqualTo(7);
    assertThat(options.get("temperature").asDouble()).isEqualTo(0.2);
    // without a plan's figure Ollama keeps its own default context
    assertThat(json.readTree(sent.get(1).getBodyAsString()).path("options").has("num_ctx"))
        .isFalse();
  }
}
