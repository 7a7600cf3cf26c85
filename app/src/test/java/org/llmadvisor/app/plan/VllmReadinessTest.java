package org.llmadvisor.app.plan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.Readiness;

/** A vLLM replica is ready only when /health answers 200 and /v1/models lists the served name. */
class VllmReadinessTest {

  static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
  WireMockServer server;
  final VllmReadiness readiness = new VllmReadiness(HttpClient.newHttpClient());

  @BeforeEach
  void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  Readiness check() {
    return readiness.check(server.baseUrl(), MODEL, Optional.empty(), Duration.ofSeconds(3));
  }

  void models(String... ids) {
    StringBuilder data = new StringBuilder();
    for (String id : ids) {
      data.append(data.length() == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"object\":\"model\"}");
    }
    server.stubFor(
        get(urlPathEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"object\":\"list\",\"data\":[" + data + "]}")));
  }

  @Test
  void should_be_ready_when_health_is_200_and_the_served_name_is_listed() {
    server.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200)));
    models(MODEL);
    Readiness r = check();
    assertThat(r.ready()).isTrue();
    assertThat(r.detail()).contains(MODEL);
  }

  @Test
  void should_not_be_ready_when_health_is_not_200_yet() {
    server.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(503)));
    models(MODEL);
    Readiness r = check();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains("503").contains("still starting");
  }

  @Test
  void should_not_be_ready_when_another_model_is_served() {
    server.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200)));
    models("Qwen/Qwen2.5-7B-Instruct");
    Readiness r = check();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains("Qwen/Qwen2.5-7B-Instruct").contains("not " + MODEL);
  }

  @Test
  void should_not_be_ready_when_nothing_answers() {
    int port = server.port();
    server.stop();
    Readiness r =
        readiness.check("http://127.0.0.1:" + port, MODEL, Optional.empty(), Duration.ofSeconds(2));
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).startsWith("not answering");
  }
}
