package org.llmadvisor.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.providers.factory.Deployments;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * The behaviour every provider shares: blocking and streaming chat, metering, and translated
 * failures. It runs on every build against each provider's own wire protocol, recorded and served
 * by WireMock; a {@code *LiveConformanceTest} subclass runs the same cases against the real
 * provider when its environment variables are set, and says which are missing otherwise. Cases that
 * need an answer a live provider cannot be asked for are marked {@link FixturesOnly}.
 */
public abstract class DeploymentConformanceTest {

  static final OfferingCatalog CATALOG = OfferingCatalog.bundled();

  /**
   * How long a test waits for a streamed call to end. Only a guard against a hung build: the
   * deployment's own timeout ends every call first, and no case passes or fails on elapsed time.
   */
  static final Duration HANG_GUARD = Duration.ofMinutes(10);

  static WireMockServer server;
  private static final Set<Class<?>> ANNOUNCED = ConcurrentHashMap.newKeySet();

  final List<CallRecord> records = new CopyOnWriteArrayList<>();

  /**
   * A live provider to run against.
   *
   * @param missing environment variables that are needed and not set: the suite is skipped
   * @param settings the live deployment, null when {@code missing} is not empty
   */
  record Live(String provider, List<String> missing, DeploymentSettings settings) {

    /** Reads {@code required} (and whatever else {@code settings} reads) from the environment. */
    static Live fromEnvironment(
        String provider,
        Function<Map<String, String>, DeploymentSettings> settings,
        String... required) {
      Map<String, String> env = System.getenv();
      List<String> missing = new ArrayList<>();
      for (String v : required) {
        if (env.get(v) == null || env.get(v).isBlank()) {
          missing.add(v);
        }
      }
      return new Live(provider, missing, missing.isEmpty() ? settings.apply(env) : null);
    }
  }

  /** The live provider this suite runs against; empty (the default) runs it on fixtures. */
  Optional<Live> live() {
    return Optional.empty();
  }

  boolean isLive() {
    return live().isPresent();
  }

  @BeforeEach
  void chooseTarget(TestInfo test) {
    Optional<Live> live = live();
    if (live.isEmpty()) {
      return;
    }
    List<String> missing = live.get().missing();
    String skipped =
        "SKIPPED live "
            + live.get().provider()
            + " conformance: set "
            + String.join(" and ", missing)
            + " to run it";
    if (!missing.isEmpty() && ANNOUNCED.add(getClass())) {
      System.out.println(skipped);
    }
    assumeTrue(missing.isEmpty(), skipped);
    boolean fixturesOnly =
        test.getTestMethod().map(m -> m.isAnnotationPresent(FixturesOnly.class)).orElse(false);
    if (fixturesOnly) {
      String reason =
          "SKIPPED "
              + test.getDisplayName()
              + " against live "
              + live.get().provider()
              + ": it needs a recorded answer";
      System.out.println(reason);
      assumeTrue(false, reason);
    }
  }

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

  /** The first chunks of {@link #streamBody()}, up to where a broken stream stops. */
  abstract String streamHead();

  /** The text the caller has seen when the stream breaks after {@link #streamHead()}. */
  abstract String expectedStreamHeadText();

  abstract long expectedPromptTokens();

  abstract long expectedCompletionTokens();

  /** The settings under test: the live ones, or the fixture server's. */
  DeploymentSettings target(Duration timeout) {
    return live().map(Live::settings).orElseGet(() -> settings(server.baseUrl(), timeout));
  }

  MeteredDeployment deployment(Duration timeout) {
    return metered(target(timeout));
  }

  /** The deployment under test; against a live provider, changed by {@code liveChange}. */
  MeteredDeployment deployment(UnaryOperator<DeploymentSettings> liveChange) {
    DeploymentSettings s = target(Duration.ofSeconds(5));
    return metered(isLive() ? liveChange.apply(s) : s);
  }

  MeteredDeployment metered(DeploymentSettings s) {
    return new MeteredDeployment(Deployments.create(s, CATALOG)).addListener(records::add);
  }

  MeteredDeployment deployment() {
    return deployment(Duration.ofSeconds(5));
  }

  public static ChatRequest hello() {
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

  /** This provider's answer calling get_weather for Paris, blocking and streamed. */
  abstract String toolCallBody();

  abstract String toolCallStreamBody();

  /** Where this provider's request carries a JSON schema for the answer. */
  abstract String formatSchemaPath();

  static ChatRequest weatherQuestion() {
    return ChatRequest.builder()
        .messages(UserMessage.from("Weather in Paris?"))
        .parameters(
            dev.langchain4j.model.chat.request.ChatRequestParameters.builder()
                .toolSpecifications(
                    dev.langchain4j.agent.tool.ToolSpecification.builder()
                        .name("get_weather")
                        .parameters(
                            dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                                .addProperty(
                                    "city",
                                    dev.langchain4j.model.chat.request.json.JsonRawSchema.from(
                                        "{\"type\": \"string\"}"))
                                .required("city")
                                .build())
                        .build())
                .build())
        .build();
  }

  @Test
  @FixturesOnly
  void should_send_tools_and_answer_a_tool_call_when_blocking() {
    stubChat(json(200, toolCallBody()));
    ChatResponse r = deployment().chatModel().chat(weatherQuestion());
    assertThat(r.aiMessage().toolExecutionRequests()).hasSize(1);
    assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("get_weather");
    assertThat(r.aiMessage().toolExecutionRequests().get(0).arguments()).contains("Paris");
    server.verify(
        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(chatPath()))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.tools[0].function.parameters.properties.city.type",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("string"))));
  }

  @Test
  @FixturesOnly
  void should_answer_a_tool_call_when_streaming() throws Exception {
    stubChat(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", streamContentType())
            .withBody(toolCallStreamBody()));
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    deployment()
        .streamingChatModel()
        .chat(
            weatherQuestion(),
            new StreamingChatResponseHandler() {
              @Override
              public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }
            });
    ChatResponse r = done.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.aiMessage().toolExecutionRequests()).hasSize(1);
    assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("get_weather");
    assertThat(r.aiMessage().toolExecutionRequests().get(0).arguments()).contains("Paris");
  }

  @Test
  @FixturesOnly
  void should_send_a_json_schema_for_the_answer() {
    stubChat(json(200, chatBody()));
    deployment()
        .chatModel()
        .chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Weather in Paris?"))
                .parameters(
                    dev.langchain4j.model.chat.request.ChatRequestParameters.builder()
                        .responseFormat(
                            dev.langchain4j.model.chat.request.ResponseFormat.builder()
                                .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
                                .jsonSchema(
                                    dev.langchain4j.model.chat.request.json.JsonSchema.builder()
                                        .name("weather")
                                        .rootElement(
                                            dev.langchain4j.model.chat.request.json.JsonRawSchema
                                                .from(
                                                    "{\"type\": \"object\", \"properties\":"
                                                        + " {\"celsius\": {\"type\": \"number\"}}}"))
                                        .build())
                                .build())
                        .build())
                .build());
    server.verify(
        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(chatPath()))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    formatSchemaPath() + ".properties.celsius.type",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("number"))));
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
      done.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
    return text.toString();
  }

  @Test
  void should_answer_a_blocking_chat_and_meter_it() {
    stubChat(json(200, chatBody()));
    MeteredDeployment d = deployment();
    if (isLive()) {
      assertThat(d.ready().ready()).as(d.ready().detail()).isTrue();
    }
    ChatResponse r = d.chatModel().chat(hello());
    assertThat(records).hasSize(1);
    CallRecord rec = records.get(0);
    assertThat(rec.success()).isTrue();
    assertThat(rec.streaming()).isFalse();
    assertThat(rec.deploymentId()).isEqualTo(d.id());
    if (isLive()) {
      assertThat(r.aiMessage().text()).isNotBlank();
      assertThat(rec.promptTokens()).isPositive();
      assertThat(rec.completionTokens()).isPositive();
    } else {
      assertThat(r.aiMessage().text()).isEqualTo(expectedText());
      assertThat(rec.promptTokens()).isEqualTo(expectedPromptTokens());
      assertThat(rec.completionTokens()).isEqualTo(expectedCompletionTokens());
      assertThat(rec.tokensCounted()).isFalse();
    }
    assertThat(rec.costUsd())
        .isEqualByComparingTo(
            d.catalogEntry().zeroMarginalCost()
                ? BigDecimal.ZERO
                : d.catalogEntry().price().costOf(rec.promptTokens(), rec.completionTokens()));
  }

  @Test
  void should_stream_a_chat_and_measure_time_to_first_token() throws Exception {
    long serverDelayMs = 300;
    stubChat(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", streamContentType())
            .withBody(streamBody())
            .withFixedDelay((int) serverDelayMs));
    MeteredDeployment d = deployment();
    String text = stream(d, hello());
    assertThat(records).hasSize(1);
    CallRecord rec = records.get(0);
    assertThat(rec.streaming()).isTrue();
    assertThat(rec.success()).isTrue();
    assertThat(rec.timeToFirstTokenMs())
        .isNotNull()
        .isGreaterThanOrEqualTo(isLive() ? 0 : serverDelayMs)
        .isLessThanOrEqualTo(rec.latencyMs());
    assertThat(rec.completionTokens()).isPositive();
    if (isLive()) {
      assertThat(text).isNotBlank();
    } else {
      assertThat(text).isEqualTo(expectedStreamText());
    }
  }

  @Test
  void should_fail_without_retry_on_401() {
    assumeTrue(
        target(Duration.ofSeconds(5)).apiKey().isPresent(),
        "the provider takes no key, so none can be refused");
    stubChat(json(401, errorBody(401)));
    assertFailure(
        deployment(s -> withKey(s, "wrong-key-for-conformance")),
        ProviderException.Reason.AUTHENTICATION,
        false);
  }

  @Test
  void should_fail_without_retry_on_404() {
    stubChat(json(404, errorBody(404)));
    assertFailure(
        deployment(s -> withModel(s, "no-such-model-for-conformance")),
        ProviderException.Reason.NOT_FOUND,
        false);
  }

  @Test
  @FixturesOnly
  void should_report_429_with_its_retry_after() {
    stubChat(json(429, errorBody(429)).withHeader("Retry-After", "7"));
    ProviderException e = assertFailure(ProviderException.Reason.RATE_LIMITED, true);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  @FixturesOnly
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
  @FixturesOnly
  void should_retry_elsewhere_on_500() {
    stubChat(json(500, errorBody(500)));
    assertFailure(ProviderException.Reason.SERVER_ERROR, true);
  }

  @Test
  @FixturesOnly
  void should_time_out_a_slow_answer() {
    // the answer would arrive, and succeed, long after the deployment's timeout: only the
    // timeout can turn it into this failure
    stubChat(json(200, chatBody()).withFixedDelay(3000));
    MeteredDeployment d = deployment(Duration.ofMillis(500));
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderException.Reason.TIMEOUT);
              assertThat(e.retriable()).isTrue();
            });
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isEqualTo("TIMEOUT"));
  }

  @Test
  @FixturesOnly
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
  @FixturesOnly
  void should_hand_on_the_tokens_then_a_retriable_error_when_a_stream_breaks_after_some_chunks()
      throws Exception {
    // given a provider that sends the first chunks of its answer, then drops the connection
    List<String> tokens = new CopyOnWriteArrayList<>();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    try (BrokenStreamServer broken = new BrokenStreamServer(streamContentType(), streamHead())) {
      MeteredDeployment d = metered(settings(broken.baseUrl(), Duration.ofSeconds(5)));
      // when the caller streams a chat
      d.streamingChatModel()
          .chat(
              hello(),
              new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String token) {
                  tokens.add(token);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                  failed.complete(null);
                }

                @Override
                public void onError(Throwable error) {
                  failed.complete(error);
                }
              });
      Throwable error = failed.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      // then it has seen the head of the answer, then a translated, retriable error
      assertThat(String.join("", tokens)).isNotEmpty().isEqualTo(expectedStreamHeadText());
      assertThat(error)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ProviderException.Reason.STREAM_INTERRUPTED);
                assertThat(e.retriable()).isTrue();
              });
    }
    // and one failed call is metered, with its first token's time, the tokens it streamed
    // (counted from their text, since no usage came) and nothing billed
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.streaming()).isTrue();
              assertThat(r.success()).isFalse();
              assertThat(r.errorClass()).isEqualTo("STREAM_INTERRUPTED");
              assertThat(r.timeToFirstTokenMs()).isNotNull();
              assertThat(r.promptTokens()).isPositive();
              assertThat(r.completionTokens())
                  .isPositive()
                  .isEqualTo(
                      org.llmadvisor.providers.metering.TokenCounter.estimate(
                          expectedStreamHeadText()));
              assertThat(r.tokensCounted()).isTrue();
              assertThat(r.costUsd()).isZero();
            });
  }

  @Test
  @FixturesOnly
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
    MeteredDeployment d = metered(s);
    assertThatThrownBy(() -> d.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONNECTION));
    assertThat(d.ready().ready()).isFalse();
  }

  @Test
  void should_never_print_the_api_key_when_one_is_set() {
    // a provider that takes no key (Ollama) is given one all the same, as a user would behind an
    // authenticating proxy or by mistake: it must stay as hidden as the key of a provider that
    // sends
    // it, in the settings, the deployment's description and the error of a failed call
    DeploymentSettings target = target(Duration.ofSeconds(5));
    DeploymentSettings s =
        target.apiKey().isPresent() ? target : withKey(target, "conformance-secret-7f3a9c1e");
    String key = s.apiKey().orElseThrow();
    MeteredDeployment d = metered(s);

    assertThat(s.toString()).doesNotContain(key).contains("apiKey=***");
    assertThat(d.describe()).doesNotContain(key);
    assertThat(d.description().text()).doesNotContain(key);
    if (!isLive()) {
      stubChat(json(401, errorBody(401)));
      Throwable failure = catchThrowable(() -> d.chatModel().chat(hello()));
      assertThat(failure).isInstanceOf(ProviderException.class);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(key);
      }
    }
  }

  static DeploymentSettings withKey(DeploymentSettings s, String key) {
    return new DeploymentSettings(
        s.id(),
        s.provider(),
        s.baseUrl(),
        s.model(),
        Optional.of(key),
        s.apiVersion(),
        s.hardware(),
        s.timeout());
  }

  static DeploymentSettings withModel(DeploymentSettings s, String model) {
    return new DeploymentSettings(
        s.id(),
        s.provider(),
        s.baseUrl(),
        model,
        s.apiKey(),
        s.apiVersion(),
        s.hardware(),
        s.timeout());
  }

  ProviderException assertFailure(ProviderException.Reason reason, boolean retriable) {
    return assertFailure(deployment(), reason, retriable);
  }

  ProviderException assertFailure(
      MeteredDeployment d, ProviderException.Reason reason, boolean retriable) {
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
