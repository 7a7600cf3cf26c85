package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Azure's v1 endpoint, the default. */
class AzureOpenAiConformanceTest extends OpenAiProtocolConformanceTest {

  static final String KEY = "azure-test-key-9876543210";

  @Override
  DeploymentSettings settings(String baseUrl, Duration timeout) {
    return new DeploymentSettings(
        "azure-mini",
        ProviderType.AZURE_OPENAI,
        baseUrl,
        "gpt-4o-mini",
        Optional.of(KEY),
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  @Override
  String chatPath() {
    return "/openai/v1/chat/completions";
  }

  @Override
  String fixtures() {
    return "azure";
  }

  @Test
  @FixturesOnly
  void should_send_the_api_key_header_and_price_from_the_azure_catalog() {
    stubChat(json(200, chatBody()));
    deployment().chatModel().chat(hello());
    server.verify(postRequestedFor(urlPathEqualTo(chatPath())).withHeader("api-key", equalTo(KEY)));
    assertThat(records.get(0).costUsd()).isEqualByComparingTo("0.00000855");
  }

  @Test
  @FixturesOnly
  void should_treat_a_content_filter_refusal_as_final() {
    stubChat(json(400, Fixtures.read("azure/error-content-filter.json")));
    assertFailure(ProviderException.Reason.CONTENT_FILTERED, false);
  }
}
