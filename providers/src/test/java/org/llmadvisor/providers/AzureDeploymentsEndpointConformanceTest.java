package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Azure suite against /openai/deployments/{name}/chat/completions?api-version=... */
class AzureDeploymentsEndpointConformanceTest extends AzureOpenAiConformanceTest {

  @Override
  DeploymentSettings settings(String baseUrl, Duration timeout) {
    return new DeploymentSettings(
        "azure-mini",
        ProviderType.AZURE_OPENAI,
        baseUrl,
        "gpt-4o-mini",
        Optional.of(KEY),
        Optional.of("2024-10-21"),
        Optional.empty(),
        timeout);
  }

  @Override
  String chatPath() {
    return "/openai/deployments/gpt-4o-mini/chat/completions";
  }

  @Test
  @FixturesOnly
  void should_pass_the_api_version_and_no_bearer_token() {
    stubChat(json(200, chatBody()));
    deployment().chatModel().chat(hello());
    server.verify(
        postRequestedFor(urlPathEqualTo(chatPath()))
            .withQueryParam("api-version", equalTo("2024-10-21"))
            .withHeader("api-key", equalTo(KEY))
            .withHeader("Authorization", absent()));
  }
}
