package org.llmadvisor.app.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmadvisor.core.cost.TokenPrice;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.StubDeployment;
import org.llmadvisor.providers.http.HttpStatusException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/** The routing policy on in-process deployments: no Quarkus, no network. */
class RouterTest {

  private static final CatalogEntry CLOUD =
      new CatalogEntry(
          false,
          TokenPrice.of(0.15, 0.60),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "test");

  private final Map<String, MeteredDeployment> deployments = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> calls = new LinkedHashMap<>();
  private final FakeSpend spend = new FakeSpend();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
  private final CircuitBreakers breakers = new CircuitBreakers(1, Duration.ofMinutes(1), clock);
  private final LatencyWindows windows = new LatencyWindows(100, 5);
  private RoutingPolicy plan;

  private final Router router =
      new Router(
          new DeploymentLookup() {
            @Override
            public Optional<MeteredDeployment> find(String id) {
              return Optional.ofNullable(deployments.get(id));
            }

            @Override
            public List<String> enabledIds() {
              return List.copyOf(deployments.keySet());
            }
          },
          () -> Optional.ofNullable(plan),
          spend,
          breakers,
          windows,
          clock);

  /** What a deployment does when called: answer, or throw what its provider client throws. */
  @FunctionalInterface
  interface Behaviour {
    ChatResponse answer();
  }

  private static ChatResponse hello() {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from("Hello"))
        .tokenUsage(new TokenUsage(9, 12))
        .build();
  }

  private static Behaviour failing(RuntimeException e) {
    return () -> {
      throw e;
    };
  }

  private void deploy(String id, CatalogEntry entry, Behaviour behaviour) {
    AtomicInteger count = new AtomicInteger();
    calls.put(id, count);
    ChatModel chat =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest request) {
            count.incrementAndGet();
            return behaviour.answer();
          }
        };
    StreamingChatModel streaming =
        new StreamingChatModel() {
          @Override
          public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            count.incrementAndGet();
            ChatResponse r;
            try {
              r = behaviour.answer();
            } catch (RuntimeException e) {
              handler.onError(e);
              return;
            }
            handler.onPartialResponse(r.aiMessage().text());
            handler.onCompleteResponse(r);
          }
        };
    deployments.put(id, new MeteredDeployment(new StubDeployment(id, chat, streaming, entry)));
  }

  private void plan(Double budgetUsd, String... ids) {
    plan = new RoutingPolicy(List.of(ids), 10_000, false, budgetUsd);
  }

  private static ChatRequest request() {
    return ChatRequest.builder().messages(UserMessage.from("Hello")).build();
  }

  private Router.Served chat(String model) {
    return router.chat(model, request(), 100, "req-1");
  }

  static Stream<Arguments> retriableFailures() {
    return Stream.of(
        Arguments.of(
            "a timeout",
            new dev.langchain4j.exception.TimeoutException("read timed out"),
            "TIMEOUT"),
        Arguments.of(
            "a 429",
            new HttpStatusException(429, "{}", Map.of("Retry-After", List.of("7"))),
            "RATE_LIMITED"),
        Arguments.of("a 503", new HttpStatusException(503, "{}", Map.of()), "SERVER_ERROR"),
        Arguments.of(
            "a refused connection",
            new UncheckedIOException(new ConnectException("Connection refused")),
            "CONNECTION"));
  }

  @ParameterizedTest(name = "after {0}")
  @MethodSource("retriableFailures")
  void should_fall_back_in_plan_order_when_a_deployment_fails_with_a_retriable_error(
      String what, RuntimeException failure, String reason) {
    // given a plan whose best fit fails
    deploy("a", CLOUD, failing(failure));
    deploy("b", CLOUD, RouterTest::hello);
    deploy("c", CLOUD, RouterTest::hello);
    plan(null, "a", "b", "c");
    // when a chat is routed
    Router.Served served = chat("auto");
    // then the next in plan order serves it, and the failure is recorded and counted
    assertThat(served.deploymentId()).isEqualTo("b");
    assertThat(served.attempts()).containsExactly("a: " + reason, "b: served");
    assertThat(calls.get("c")).hasValue(0);
    assertThat(spend.recorded)
        .extracting(CallRecord::deploymentId, CallRecord::errorClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", reason),
            org.assertj.core.groups.Tuple.tuple("b", null));
    assertThat(breakers.isOpen("a")).isTrue();
    assertThat(breakers.isOpen("b")).isFalse();
  }

  @Test
  void should_fail_rate_limited_with_the_retry_after_when_every_deployment_is_rate_limited() {
    deploy("a", CLOUD, failing(new HttpStatusException(429, "{}", Map.of())));
    deploy(
        "b",
        CLOUD,
        failing(new HttpStatusException(429, "{}", Map.of("Retry-After", List.of("7")))));
    plan(null, "a", "b");
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
  }

  @Test
  void should_fail_with_a_timeout_when_every_deployment_times_out() {
    deploy("a", CLOUD, failing(new dev.langchain4j.exception.TimeoutException("slow")));
    plan(null, "a");
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.TIMEOUT));
  }

  @Test
  void should_not_fall_back_when_the_provider_rejects_the_request() {
    // a bad request would fail anywhere: it goes back to the client
    deploy("a", CLOUD, failing(new HttpStatusException(400, "{}", Map.of())));
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.PROVIDER_REFUSED);
              assertThat(e.providerReason()).contains(ProviderException.Reason.BAD_REQUEST);
              assertThat(e.providerStatus()).contains(400);
            });
    assertThat(calls.get("b")).hasValue(0);
    assertThat(breakers.isOpen("a")).as("the request's fault, not the deployment's").isFalse();
  }

  @Test
  void should_not_fall_back_on_a_content_filter_refusal() {
    deploy(
        "a",
        CLOUD,
        failing(new HttpStatusException(400, "{\"code\":\"content_filter\"}", Map.of())));
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e ->
                assertThat(e.providerReason()).contains(ProviderException.Reason.CONTENT_FILTERED));
    assertThat(calls.get("b")).hasValue(0);
  }

  @Test
  void should_pass_on_the_refusal_when_the_named_deployment_rejects_its_key() {
    deploy("a", CLOUD, failing(new HttpStatusException(401, "{}", Map.of())));
    deploy("b", CLOUD, RouterTest::hello);
    assertThatThrownBy(() -> chat("a"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.PROVIDER_REFUSED);
              assertThat(e.providerReason()).contains(ProviderException.Reason.AUTHENTICATION);
              assertThat(e.providerStatus()).contains(401);
            });
    assertThat(calls.get("b")).hasValue(0);
  }

  @Test
  void should_fall_back_on_a_rejected_key_when_the_plan_has_another_deployment() {
    // a rejected key is the deployment's fault, not the request's (see RoutingFailures.fallsBack)
    deploy("a", CLOUD, failing(new HttpStatusException(401, "{}", Map.of())));
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    assertThat(chat("auto").deploymentId()).isEqualTo("b");
  }

  @Test
  void should_refuse_a_cloud_call_that_would_pass_the_budget_when_nothing_local_is_left() {
    deploy("cloud", CLOUD, RouterTest::hello);
    plan(1.0, "cloud");
    spend.allow = false;
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.BUDGET_EXCEEDED));
    assertThat(calls.get("cloud")).hasValue(0);
  }

  @Test
  void should_serve_from_the_local_deployment_when_the_budget_refuses_the_cloud() {
    deploy("cloud", CLOUD, RouterTest::hello);
    deploy("local", CatalogEntry.local("test"), RouterTest::hello);
    plan(1.0, "cloud", "local");
    spend.allow = false;
    Router.Served served = chat("auto");
    assertThat(served.deploymentId()).isEqualTo("local");
    assertThat(served.attempts())
        .containsExactly("cloud: would exceed the month's budget", "local: served");
    assertThat(spend.reserved).as("the cloud was refused; a local call reserves nothing").isEmpty();
  }

  @Test
  void should_reserve_the_worst_case_of_a_cloud_call_in_the_clocks_month() {
    // given a budget and a cloud deployment at $0.15 in, $0.60 out per million tokens
    deploy("cloud", CLOUD, RouterTest::hello);
    plan(5.0, "cloud");
    // when a 5-character prompt is sent with max_tokens 100
    chat("auto");
    // then the reservation is (2 × (4 framing + 2 estimated) + 16) prompt tokens × $0.15
    // + 100 output tokens × $0.60, per million: $0.0000642, for March 2026, against $5
    assertThat(spend.reserved)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.month()).isEqualTo(YearMonth.of(2026, 3));
              assertThat(r.amount()).isEqualByComparingTo("0.0000642");
              assertThat(r.limit()).isEqualByComparingTo("5");
            });
    // and the call's record, costed from the reported usage, settles that reservation
    assertThat(spend.recorded)
        .singleElement()
        .satisfies(r -> assertThat(r.costUsd()).isEqualByComparingTo("0.00000855"));
    assertThat(spend.settledReservations).containsExactly(new BigDecimal("0.0000642000"));
  }

  @Test
  void should_try_a_deployment_with_an_open_circuit_last() {
    deploy("a", CLOUD, RouterTest::hello);
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    breakers.failure("a");
    Router.Served served = chat("auto");
    assertThat(served.deploymentId()).isEqualTo("b");
    assertThat(served.attempts())
        .containsExactly("a: circuit open after repeated failures", "b: served");
  }

  @Test
  void
      should_send_one_call_to_probe_a_circuit_after_its_cool_down_and_others_elsewhere_meanwhile() {
    // given "a" failed, its circuit opened, and the cool-down has passed
    List<String> servedMeanwhile = new ArrayList<>();
    deploy(
        "a",
        CLOUD,
        () -> {
          // a second request arrives while this call is the probe
          servedMeanwhile.add(chat("auto").deploymentId());
          return hello();
        });
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    breakers.failure("a");
    clock.advance(Duration.ofMinutes(1));
    // when a call comes
    Router.Served probe = chat("auto");
    // then it probes "a", the request meanwhile goes to "b", and the probe's success closes it
    assertThat(probe.deploymentId()).isEqualTo("a");
    assertThat(servedMeanwhile).containsExactly("b");
    assertThat(calls.get("a")).hasValue(1);
    assertThat(breakers.isOpen("a")).isFalse();
  }

  @Test
  void should_still_call_a_deployment_being_probed_when_every_other_fails() {
    List<String> servedMeanwhile = new ArrayList<>();
    AtomicInteger depth = new AtomicInteger();
    deploy(
        "a",
        CLOUD,
        () -> {
          if (depth.incrementAndGet() == 1) {
            servedMeanwhile.add(chat("auto").deploymentId());
          }
          return hello();
        });
    deploy("b", CLOUD, failing(new UncheckedIOException(new ConnectException("refused"))));
    plan(null, "a", "b");
    breakers.failure("a");
    clock.advance(Duration.ofMinutes(1));
    chat("auto");
    // the request that came meanwhile tried "b" first, then "a" as the last resort
    assertThat(servedMeanwhile).containsExactly("a");
    assertThat(calls.get("b")).hasValue(1);
  }

  @Test
  void should_name_the_unknown_model_and_the_known_ones() {
    deploy("a", CLOUD, RouterTest::hello);
    assertThatThrownBy(() -> chat("nope"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.UNKNOWN_MODEL);
              assertThat(e.param()).contains("model");
              assertThat(e.getMessage()).contains("nope", "[a]");
            });
  }

  @Test
  void should_fail_on_the_model_field_when_auto_is_asked_and_no_plan_is_applied() {
    deploy("a", CLOUD, RouterTest::hello);
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.NO_PLAN);
              assertThat(e.param()).contains("model");
            });
    assertThat(calls.get("a")).hasValue(0);
  }

  @Test
  void should_fail_on_the_model_field_when_no_model_is_named() {
    assertThatThrownBy(() -> chat(" "))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.MISSING_MODEL);
              assertThat(e.param()).contains("model");
            });
  }

  @Test
  void should_fail_with_no_deployment_available_when_every_deployment_errs_on_its_side() {
    deploy("a", CLOUD, failing(new HttpStatusException(503, "{}", Map.of())));
    deploy("b", CLOUD, failing(new HttpStatusException(401, "{}", Map.of())));
    plan(null, "a", "b");
    assertThatThrownBy(() -> chat("auto"))
        .isInstanceOfSatisfying(
            RoutingFailure.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RoutingFailure.Reason.NO_DEPLOYMENT_AVAILABLE);
              assertThat(e.param()).isEmpty();
              assertThat(e.retryAfter()).isEmpty();
              assertThat(e.getMessage()).contains("a: SERVER_ERROR", "b: AUTHENTICATION");
            });
  }

  @Test
  void should_fall_back_when_a_stream_fails_before_its_first_token() {
    deploy("a", CLOUD, failing(new HttpStatusException(503, "{}", Map.of())));
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    RecordingSink sink = new RecordingSink();
    router.stream("auto", request(), 100, "req-1", sink);
    assertThat(sink.events).containsExactly("start b", "token Hello", "complete b");
  }

  @Test
  void should_not_fall_back_when_a_stream_fails_after_its_first_token() {
    // given a deployment whose stream breaks once the client already has part of the answer
    StreamingChatModel breaksMidway =
        new StreamingChatModel() {
          @Override
          public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            handler.onPartialResponse("Hel");
            handler.onError(new UncheckedIOException(new java.io.EOFException("cut")));
          }
        };
    deployments.put("a", new MeteredDeployment(new StubDeployment("a", null, breaksMidway, CLOUD)));
    deploy("b", CLOUD, RouterTest::hello);
    plan(null, "a", "b");
    // when the chat is streamed
    RecordingSink sink = new RecordingSink();
    router.stream("auto", request(), 100, "req-1", sink);
    // then the client sees the head and the failure, and nothing from another deployment
    assertThat(sink.events).containsExactly("start a", "token Hel", "fail STREAM_INTERRUPTED");
    assertThat(calls.get("b")).hasValue(0);
    // and the failed call is recorded, unbilled
    assertThat(spend.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.errorClass()).isEqualTo("STREAM_INTERRUPTED");
              assertThat(r.costUsd()).isZero();
            });
  }

  // --- the latency target: measured p95 of the first token or of the whole answer ---

  /** {@code n} successful calls of {@code id}: streamed, or blocking (no first token). */
  private void measured(String id, int n, Long firstTokenMs, long latencyMs) {
    for (int i = 0; i < n; i++) {
      windows.record(success(id, firstTokenMs, latencyMs, clock.instant()));
    }
  }

  /** A successful call as metered: streamed when it has a first token, blocking when not. */
  static CallRecord success(String id, Long firstTokenMs, long latencyMs, Instant at) {
    return new CallRecord(
        id,
        "openai",
        "m",
        at,
        firstTokenMs != null,
        9,
        12,
        false,
        firstTokenMs,
        latencyMs,
        BigDecimal.ZERO,
        false,
        "success",
        null);
  }

  /** a starts late and ends soon, b the reverse, each over the window's five calls. */
  private void slowToStartAndSlowToEnd() {
    deploy("a", CLOUD, RouterTest::hello);
    deploy("b", CLOUD, RouterTest::hello);
    measured("a", 5, 1_500L, 1_800);
    measured("b", 5, 200L, 5_000);
  }

  private void plan(boolean firstTokenTarget, double targetMs, String... ids) {
    plan = new RoutingPolicy(List.of(ids), targetMs, firstTokenTarget, null);
  }

  @Test
  void should_move_a_deployment_behind_when_its_first_token_p95_misses_a_first_token_target() {
    // given a first-token target of 1 s; a is slow to start, b slow to end
    slowToStartAndSlowToEnd();
    plan(true, 1_000, "a", "b");
    // when a chat is routed
    Router.Served served = chat("auto");
    // then a is judged on its 1,500 ms first token and moved behind b, whose 5 s answers do not
    // count
    assertThat(served.deploymentId()).isEqualTo("b");
    assertThat(served.attempts())
        .containsExactly("a: measured p95 1500 ms over the 1000 ms target", "b: served");
    assertThat(calls.get("a")).hasValue(0);
  }

  @Test
  void should_judge_the_whole_answer_when_the_target_is_end_to_end() {
    // the same measurements against an end-to-end target: both miss it, so plan order stands
    slowToStartAndSlowToEnd();
    plan(false, 1_000, "a", "b");
    Router.Served served = chat("auto");
    assertThat(served.deploymentId()).isEqualTo("a");
    // and with room for a's answers but not b's, only b moves back
    plan(false, 2_000, "b", "a");
    assertThat(chat("auto").attempts())
        .containsExactly("b: measured p95 5000 ms over the 2000 ms target", "a: served");
  }

  @Test
  void should_not_move_a_deployment_on_a_first_token_target_until_it_has_streamed_enough_calls() {
    // blocking calls have no first token: their 1.8 s answers say nothing about a first-token
    // target
    deploy("a", CLOUD, RouterTest::hello);
    deploy("b", CLOUD, RouterTest::hello);
    measured("a", 5, null, 1_800);
    measured("a", 4, 1_500L, 1_800);
    plan(true, 1_000, "a", "b");
    assertThat(chat("auto").deploymentId()).isEqualTo("a");
    // the fifth streamed call is the window's minimum: now its p95 counts
    measured("a", 1, 1_500L, 1_800);
    assertThat(chat("auto").deploymentId()).isEqualTo("b");
  }

  /** The router's view of the ledger, kept in memory. */
  static final class FakeSpend implements Spend {
    record Reservation(YearMonth month, BigDecimal amount, BigDecimal limit) {}

    boolean allow = true;
    final List<Reservation> reserved = new ArrayList<>();
    final List<CallRecord> recorded = new CopyOnWriteArrayList<>();
    final List<BigDecimal> settledReservations = new CopyOnWriteArrayList<>();
    final List<BigDecimal> released = new CopyOnWriteArrayList<>();

    @Override
    public boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
      if (allow) {
        reserved.add(new Reservation(month, amount, limit));
      }
      return allow;
    }

    @Override
    public void release(YearMonth month, BigDecimal amount) {
      released.add(amount);
    }

    @Override
    public void record(String requestId, CallRecord record, BigDecimal reservation) {
      recorded.add(record);
      if (reservation.signum() > 0) {
        settledReservations.add(reservation);
      }
    }
  }

  /** What a streaming client would see, in order. */
  static final class RecordingSink implements Router.StreamSink {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void start(String deploymentId) {
      events.add("start " + deploymentId);
    }

    @Override
    public void toolCall(int index, String id, String name, String arguments) {}

    @Override
    public void token(String text) {
      events.add("token " + text);
    }

    @Override
    public void complete(ChatResponse response, CallRecord record) {
      events.add("complete " + record.deploymentId());
    }

    @Override
    public void fail(ProviderException error) {
      events.add("fail " + error.reason());
    }
  }
}
