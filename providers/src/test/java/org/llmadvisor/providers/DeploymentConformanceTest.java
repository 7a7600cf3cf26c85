package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * The behaviour every provider shares, run against each provider's own wire protocol served by
 * WireMock: blocking and streaming chat, metering, and translated failures.
 */
abstract class DeploymentConformanceTest {

  static final OfferingCatalog CATALOG = OfferingCatalog.bundled();
  static WireMockServer server;

  final List<CallRecord> records = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    records.clear();
  }

  /** The deployment under test, pointed at {@code baseUrl}. */
  abstract DeploymentSettings settings(String baseUrl, Duration timeout);

  /** Path the chat call posts to. */
  abstract String chatPath();

  abstract String chatBody();

  abstract String streamBody();

  abstract String streamContentType();

  abstract String errorBody(int status);

  /** Text the chat fixture answers with. */
  abstract String expectedText();

  abstract String expectedStreamText();

  abstract long expectedPromptTokens();

  abstract long expectedCompletionTokens();

  MeteredDeployment deployment(Duration timeout) {
    Deployment d = Deployments.create(settings(server.baseUrl(), timeout), CATALOG);
    return new MeteredDeployment(d).addListener(records::add);
  }

  MeteredDeployment deployment() {
    return deployment(Duration.ofSeconds(5));
  }

  static ChatRequest hello() {
    return ChatRequest.builder().messages(UserMessage.from("Hello")).build();
  }

  void stubChat(ResponseDefinitionBuilder response) {
    server.stubFor(any(urlPathEqualTo(chatPath())).willReturn(response));
  }

  ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** Runs a streaming chat to its end; returns the text or throws the translated error. */
  static String stream(Deployment d, ChatRequest r) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    d.streamingChatModel()
        .chat(
            r,
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String token) {
                text.append(token);
              }

              @Override
              public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }
            });
    try {
      done.get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
    return text.toString();
  }

  @Test
  void should_answer_a_blocking_chat_and_meter_it() {
    stubChat(json(200, chatBody()));
    MeteredDeployment d = deployment();
    ChatResponse r = d.chatModel().chat(hello());
    assertThat(r.aiMessage().text()).isEqualTo(expectedText());
    assertThat(records).hasSize(1);
    CallRecord rec = records.get(0);
    assertThat(rec.success()).isTrue();
    assertThat(rec.streaming()).isFalse();
    assertThat(rec.promptTokens()).isEqualTo(expectedPromptTokens());
    assertThat(rec.completionTokens()).isEqualTo(expectedCompletionTokens());
    assertThat(rec.tokensCounted()).isFalse();
    assertThat(rec.deploymentId()).isEqualTo(d.id());
    assertThat(rec.costUsd())
        .isEqualByComparingTo(
            d.catalogEntry().price().costOf(expectedPromptTokens(), expectedCompletionTokens()));
  }

  @Test
  void should_stream_a_chat_and_measure_time_to_first_token() throws Exception {
    stubChat(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", streamContentType())
            .withBody(streamBody())
            .withFixedDelay(300));
    MeteredDeployment d = deployment();
    String text = stream(d, hello());
    assertThat(text).isEqualTo(expectedStreamText());
    assertThat(records).hasSize(1);
    CallRecord rec = records.get(0);
    assertThat(rec.streaming()).isTrue();
    assertThat(rec.success()).isTrue();
    assertThat(rec.timeToFirstTokenMs())
        .isNotNull()
        .isGreaterThanOrEqualTo(300L)
        .isLessThanOrEqualTo(rec.latencyMs());
    assertThat(rec.completionTokens()).isPositive();
  }

  @Test
  void should_fail_without_retry_on_401() {
    stubChat(json(401, errorBody(401)));
    assertFailure(ProviderException.Reason.AUTHENTICATION, false);
  }

  @Test
  void should_fail_without_retry_on_404() {
    stubChat(json(404, errorBody(404)));
    assertFailure(ProviderException.Reason.NOT_FOUND, false);
  }

  @Test
  void should_report_429_with_its_retry_after() {
    stubChat(json(429, errorBody(429)).withHeader("Retry-After", "7"));
    ProviderException e = assertFailure(ProviderException.Reason.RATE_LIMITED, true);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void should_report_429_with_retry_after_when_streaming() {
    stubChat(json(429, errorBody(429)).withHeader("Retry-After", "3"));
    MeteredDeployment d = deployment();
    assertThatThrownBy(() -> stream(d, hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderException.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            });
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isEqualTo("RATE_LIMITED"));
  }

  @Test
  void should_retry_elsewhere_on_500() {
    stubChat(json(500, errorBody(500)));
    assertFailure(ProviderException.Reason.SERVER_ERROR, true);
  }

  @Test
  void should_time_out_a_slow_answer() {
    stubChat(json(200, chatBody()).withFixedDelay(3000));
    MeteredDeployment d = deployment(Duration.ofMillis(500));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderException.Reason.TIMEOUT);
              assertThat(e.retriable()).isTrue();
            });
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isEqualTo("TIMEOUT"));
  }

  @Test
  void should_report_a_stream_cut_in_the_middle() {
    stubChat(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", streamContentType())
            .withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    MeteredDeployment d = deployment();
    assertThatThrownBy(() -> stream(d, hello()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retriable()).isTrue());
    assertThat(records).singleElement().satisfies(r -> assertThat(r.success()).isFalse());
  }

  @Test
  void should_report_malformed_json() {
    stubChat(json(200, "{\"choices\": [ this is not json"));
    MeteredDeployment d = deployment();
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.MALFORMED_RESPONSE));
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isEqualTo("MALFORMED_RESPONSE"));
  }

  @Test
  void should_report_a_refused_connection_as_retriable() {
    DeploymentSettings s = settings("http://127.0.0.1:1", Duration.ofSeconds(2));
    MeteredDeployment d =
        new MeteredDeployment(Deployments.create(s, CATALOG)).addListener(records::add);
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONNECTION));
    assertThat(d.ready().ready()).isFalse();
  }

  @Test
  void should_never_print_the_api_key() {
    DeploymentSettings s = settings(server.baseUrl(), Duration.ofSeconds(1));
    String key = s.apiKey().orElse("no-key");
    assertThat(s.toString()).doesNotContain(key.equals("no-key") ? "\u0000" : key);
    assertThat(deployment().describe()).doesNotContain(key.equals("no-key") ? "\u0000" : key);
  }

  ProviderException assertFailure(ProviderException.Reason reason, boolean retriable) {
    MeteredDeployment d = deployment();
    ProviderException[] caught = new ProviderException[1];
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.retriable()).isEqualTo(retriable);
              caught[0] = e;
            });
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.success()).isFalse();
              assertThat(r.errorClass()).isEqualTo(reason.name());
            });
    return caught[0];
  }
}
