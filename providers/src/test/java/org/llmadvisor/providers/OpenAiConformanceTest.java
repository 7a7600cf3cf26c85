package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiConformanceTest extends OpenAiProtocolConformanceTest {

  static final String KEY = "sk-test-conformance-0123456789";

  @Override
  DeploymentSettings settings(String baseUrl, Duration timeout) {
    return new DeploymentSettings(
        "openai-mini",
        ProviderType.OPENAI,
        baseUrl + "/v1",
        "gpt-4o-mini",
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
    return "openai";
  }

  @Test
  @FixturesOnly
  void should_price_a_call_from_the_catalog_and_send_the_key_as_bearer() {
    stubChat(json(200, chatBody()));
    deployment().chatModel().chat(hello());
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens
    assertThat(records.get(0).costUsd()).isEqualByComparingTo(new BigDecimal("0.00000855"));
    server.verify(
        postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + KEY))
            .withRequestBody(
                matchingJsonPath(
                    "$.model",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("gpt-4o-mini"))));
  }

  @Test
  @FixturesOnly
  void should_ask_for_usage_in_the_stream() throws Exception {
    stubChat(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/event-stream")
            .withBody(streamBody()));
    stream(deployment(), hello());
    assertThat(records.get(0).promptTokens()).isEqualTo(9);
    assertThat(records.get(0).completionTokens()).isEqualTo(3);
    assertThat(records.get(0).tokensCounted()).isFalse();
  }

  @Test
  @FixturesOnly
  void should_be_ready_when_the_model_answers() {
    server.stubFor(
        get(urlPathEqualTo("/v1/models/gpt-4o-mini"))
            .willReturn(json(200, Fixtures.read("openai/model.json"))));
    assertThat(deployment().ready().ready()).isTrue();
  }
}
