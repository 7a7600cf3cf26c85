package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * vLLM's OpenAI-compatible server ({@code vllm serve <model> --api-key <key>}), answered by
 * WireMock with what vLLM sends: OpenAI's chat completions, blocking and streamed, vLLM's error
 * bodies, and its {@code /v1/models} for readiness.
 */
class VllmConformanceTest extends OpenAiProtocolConformanceTest {

  static final String KEY = "vllm-test-key-5c1e9a7b3d";
  static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

  @Override
  DeploymentSettings settings(String baseUrl, Duration timeout) {
    return new DeploymentSettings(
        "vllm-llama",
        ProviderType.VLLM,
        baseUrl,
        MODEL,
        Optional.of(KEY),
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  @Override
  String chatPath() {
    return "/v1/chat/completions";
  }

  @Override
  String fixtures() {
    return "vllm";
  }

  @Override
  String errorBody(int status) {
    return Fixtures.read("vllm/error-" + status + ".json");
  }

  @Override
  long expectedPromptTokens() {
    return 36;
  }

  @Override
  long expectedCompletionTokens() {
    return 12;
  }

  void stubModels(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
    server.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(r));
  }

  @Test
  @FixturesOnly
  void should_send_the_served_model_and_the_key_as_bearer_and_bill_nothing_per_token() {
    stubChat(json(200, chatBody()));
    var d = deployment();
    d.chatModel().chat(hello());
    server.verify(
        postRequestedFor(urlPathEqualTo(chatPath()))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withRequestBody(matchingJsonPath("$.model", equalTo(MODEL))));
    // a local server: metered for tokens and time, nothing billed per call
    assertThat(d.kind()).isEqualTo(DeploymentKind.LOCAL);
    assertThat(d.catalogEntry().zeroMarginalCost()).isTrue();
    assertThat(records.get(0).zeroMarginalCost()).isTrue();
    assertThat(records.get(0).costUsd()).isZero();
  }

  @Test
  @FixturesOnly
  void should_send_no_authorization_header_when_no_key_is_configured() {
    stubChat(json(200, chatBody()));
    stubModels(json(200, Fixtures.read("vllm/models.json")));
    var d = metered(DeploymentConformanceTest.withKey(target(Duration.ofSeconds(5)), " "));
    assertThat(d.enabled()).isTrue();
    d.chatModel().chat(hello());
    assertThat(d.ready().ready()).isTrue();
    server.verify(
        postRequestedFor(urlPathEqualTo(chatPath())).withHeader("Authorization", absent()));
    server.verify(
        getRequestedFor(urlPathEqualTo("/v1/models")).withHeader("Authorization", absent()));
  }

  @Test
  @FixturesOnly
  void should_ask_for_usage_in_the_stream_and_read_it() throws Exception {
    stubChat(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/event-stream")
            .withBody(streamBody()));
    assertThat(stream(deployment(), hello())).isEqualTo("Hello there!");
    server.verify(
        postRequestedFor(urlPathEqualTo(chatPath()))
            .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    assertThat(records.get(0).promptTokens()).isEqualTo(36);
    assertThat(records.get(0).completionTokens()).isEqualTo(4);
    assertThat(records.get(0).tokensCounted()).isFalse();
  }

  @Test
  @FixturesOnly
  void should_take_a_base_url_that_already_ends_in_v1() {
    stubChat(json(200, chatBody()));
    stubModels(json(200, Fixtures.read("vllm/models.json")));
    var d = metered(settings(server.baseUrl() + "/v1/", Duration.ofSeconds(5)));
    assertThat(d.chatModel().chat(hello()).aiMessage().text()).isEqualTo(expectedText());
    assertThat(d.ready().ready()).isTrue();
  }

  @Test
  void should_be_ready_when_the_server_lists_the_model() {
    stubModels(json(200, Fixtures.read("vllm/models.json")));
    Readiness r = deployment().ready();
    assertThat(r.ready()).as(r.detail()).isTrue();
    String model = target(Duration.ofSeconds(5)).model();
    assertThat(r.detail()).startsWith("vLLM at ").contains(" serves " + model);
    if (!isLive()) {
      assertThat(r.detail()).endsWith("(max model length 8192)");
      server.verify(
          getRequestedFor(urlPathEqualTo("/v1/models"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }
  }

  @Test
  void should_not_be_ready_for_a_model_the_server_does_not_serve_and_say_what_it_serves() {
    stubModels(json(200, Fixtures.read("vllm/models.json")));
    String other = isLive() ? "no-such-model-for-conformance" : "Qwen/Qwen2.5-7B-Instruct";
    Readiness r = metered(withModel(target(Duration.ofSeconds(5)), other)).ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains(" answers but does not serve " + other + ": it serves ");
    if (!isLive()) {
      assertThat(r.detail())
          .isEqualTo(
              "vLLM at "
                  + server.baseUrl()
                  + " answers but does not serve "
                  + other
                  + ": it serves "
                  + MODEL);
    }
  }

  @Test
  @FixturesOnly
  void should_not_be_ready_when_the_server_lists_no_model() {
    stubModels(json(200, "{\"object\": \"list\", \"data\": []}"));
    Readiness r = deployment().ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).endsWith("does not serve " + MODEL + ": it lists no model");
  }

  @Test
  void should_not_be_ready_when_unreachable_and_say_why() {
    Readiness r = metered(settings("http://127.0.0.1:1", Duration.ofSeconds(2))).ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).isEqualTo("vLLM at http://127.0.0.1:1: cannot connect to the provider");
  }

  @Test
  @FixturesOnly
  void should_not_be_ready_when_the_key_is_refused_and_say_which_setting_to_check() {
    stubModels(json(401, errorBody(401)));
    Readiness r = deployment().ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains("HTTP 401").contains("--api-key").doesNotContain(KEY);
  }

  @Test
  @FixturesOnly
  void should_not_be_ready_when_the_answer_is_no_model_list() {
    stubModels(json(200, "{\"status\": \"ok\"}"));
    assertThat(deployment().ready().detail()).endsWith("answered no \"data\" list of models");
    stubModels(json(200, "<html>not an API</html>"));
    Readiness r = deployment().ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).endsWith("did not answer JSON");
  }
}
