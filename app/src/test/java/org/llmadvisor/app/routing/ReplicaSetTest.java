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
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.StubDeployment;
import org.llmadvisor.providers.http.HttpStatusException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/** Replicas of one deployment on in-process stand-ins: balance, retry, ejection, re-admission. */
class ReplicaSetTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
  private final List<ReplicaSet.Attempt> attempts = new CopyOnWriteArrayList<>();
  private final List<CallRecord> records = new CopyOnWriteArrayList<>();

  /** A replica whose behaviour a test changes between calls. */
  static final class Stand {
    final String url;
    final AtomicInteger calls = new AtomicInteger();
    volatile RuntimeException failure;
    volatile CountDownLatch hold;

    Stand(String url) {
      this.url = url;
    }

    ChatResponse answer() {
      calls.incrementAndGet();
      if (hold != null) {
        try {
          hold.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw failure;
      }
      return ChatResponse.builder()
          .aiMessage(AiMessage.from("Hello from " + url))
          .tokenUsage(new TokenUsage(9, 12))
          .build();
    }

    ReplicaSet.Replica replica() {
      ChatModel chat =
          new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
              return answer();
            }
          };
      StreamingChatModel streaming =
          new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
              ChatResponse r;
              try {
                r = answer();
              } catch (RuntimeException e) {
                handler.onError(e);
                return;
              }
              handler.onPartialResponse(r.aiMessage().text());
              handler.onCompleteResponse(r);
            }
          };
      return new ReplicaSet.Replica(
          url, new StubDeployment("fleet", chat, streaming, CatalogEntry.local("test")));
    }
  }

  private static final RuntimeException REFUSED =
      new UncheckedIOException(new ConnectException("Connection refused"));

  private ReplicaSet fleet(Stand... stands) {
    List<ReplicaSet.Replica> replicas = new ArrayList<>();
    for (Stand s : stands) {
      replicas.add(s.replica());
    }
    return new ReplicaSet(
        new DeploymentDescription(
            "fleet", ProviderType.OLLAMA, "stub", CatalogEntry.local("test"), Optional.empty(), ""),
        replicas,
        new ReplicaSet.Policy(2, Duration.ofSeconds(10), 20),
        clock,
        attempts::add);
  }

  private MeteredDeployment metered(ReplicaSet set) {
    return new MeteredDeployment(set, clock).addListener(records::add);
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().messages(UserMessage.from("Hello")).build();
  }

  private static String text(ChatResponse r) {
    return r.aiMessage().text();
  }

  @Test
  void should_take_turns_when_no_replica_has_calls_in_flight() {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    ReplicaSet set = fleet(a, b);

    for (int i = 0; i < 10; i++) {
      set.chatModel().chat(hello());
    }

    assertThat(a.calls).hasValue(5);
    assertThat(b.calls).hasValue(5);
  }

  @Test
  void should_send_a_call_to_the_replica_with_fewer_calls_in_flight() throws Exception {
    // given replica a holds a call that has not finished
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    ReplicaSet set = fleet(a, b);
    CountDownLatch release = new CountDownLatch(1);
    a.hold = release;
    CompletableFuture<ChatResponse> held =
        CompletableFuture.supplyAsync(() -> set.chatModel().chat(hello()));
    org.llmadvisor.app.Await.until(
        "a call in flight on a", Duration.ofSeconds(5), () -> a.calls.get() == 1);
    a.hold = null;

    // when three more calls come while it is in flight
    for (int i = 0; i < 3; i++) {
      assertThat(text(set.chatModel().chat(hello()))).endsWith("b:11434");
    }
    assertThat(set.views().get(0).outstanding()).isEqualTo(1);

    // then they all went to b; once a is free the two take turns again
    release.countDown();
    held.get(5, TimeUnit.SECONDS);
    assertThat(set.views().get(0).outstanding()).isZero();
    assertThat(b.calls).hasValue(3);
  }

  @Test
  void should_serve_from_another_replica_and_record_one_call_when_a_replica_refuses() {
    // given a fleet of two whose first replica is down
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    a.failure = REFUSED;
    MeteredDeployment d = metered(fleet(a, b));

    // when a call lands on the dead one first
    AtomicReference<CallRecord> rec = new AtomicReference<>();
    ChatResponse r = d.chat(hello(), rec::set);

    // then the other replica answers, the client call is one record, the retry one attempt
    assertThat(text(r)).endsWith("b:11434");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).success()).isTrue();
    assertThat(attempts)
        .extracting(
            ReplicaSet.Attempt::replica, ReplicaSet.Attempt::errorClass, ReplicaSet.Attempt::retry)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http://a:11434", "CONNECTION", false),
            org.assertj.core.groups.Tuple.tuple("http://b:11434", null, true));
  }

  @Test
  void should_retry_a_stream_on_another_replica_when_the_first_fails_before_its_first_token()
      throws Exception {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    a.failure = new HttpStatusException(503, "{}", Map.of());
    MeteredDeployment d = metered(fleet(a, b));
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder tokens = new StringBuilder();

    d.chat(
        hello(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String token) {
            tokens.append(token);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        },
        r -> {});

    assertThat(text(done.get(5, TimeUnit.SECONDS))).endsWith("b:11434");
    assertThat(tokens.toString()).isEqualTo("Hello from http://b:11434");
    assertThat(records).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
  }

  @Test
  void should_not_retry_a_request_every_replica_would_refuse() {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    a.failure = new HttpStatusException(400, "{\"error\":\"bad\"}", Map.of());
    b.failure = a.failure;
    ReplicaSet set = fleet(a, b);

    assertThatThrownBy(() -> set.chatModel().chat(hello()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.BAD_REQUEST));
    assertThat(a.calls.get() + b.calls.get()).isEqualTo(1);
    // a replica that answers, even with a refusal, stays up
    assertThat(set.views()).allSatisfy(v -> assertThat(v.state()).isEqualTo("up"));
  }

  @Test
  void should_fail_with_the_last_replicas_error_when_every_replica_fails() {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    a.failure = REFUSED;
    b.failure = new HttpStatusException(503, "{}", Map.of());
    ReplicaSet set = fleet(a, b);

    assertThatThrownBy(() -> set.chatModel().chat(hello()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retriable()).isTrue());
    assertThat(a.calls.get() + b.calls.get()).isEqualTo(2);
  }

  @Test
  void should_eject_a_refusing_replica_at_once_and_readmit_it_by_a_trial_call_after_the_cooldown() {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    ReplicaSet set = fleet(a, b);
    a.failure = REFUSED;

    // the first call finds a down: it is ejected at once
    set.chatModel().chat(hello());
    assertThat(set.views())
        .extracting(ReplicaSet.ReplicaView::state)
        .containsExactly("ejected", "up");

    // while ejected it gets no calls, even though it has none in flight
    for (int i = 0; i < 6; i++) {
      set.chatModel().chat(hello());
    }
    assertThat(a.calls).hasValue(1);

    // a comes back; before the cool-down ends it is still left alone
    a.failure = null;
    clock.advance(Duration.ofSeconds(9));
    set.chatModel().chat(hello());
    set.chatModel().chat(hello());
    assertThat(a.calls).hasValue(1);

    // after it, a trial call reaches it and re-admits it
    clock.advance(Duration.ofSeconds(1));
    set.chatModel().chat(hello());
    set.chatModel().chat(hello());
    assertThat(a.calls).hasValue(2);
    assertThat(set.views()).extracting(ReplicaSet.ReplicaView::state).containsExactly("up", "up");
    assertThat(set.views().get(0).ejections()).isEqualTo(1);
  }

  @Test
  void should_eject_after_consecutive_failures_and_again_when_its_trial_fails() {
    Stand a = new Stand("http://a:11434");
    Stand b = new Stand("http://b:11434");
    ReplicaSet set = fleet(a, b);
    a.failure = new HttpStatusException(500, "{}", Map.of());

    // one 500 is not enough to eject; the second in a row is
    set.chatModel().chat(hello());
    assertThat(set.views().get(0).state()).isEqualTo("up");
    set.chatModel().chat(hello());
    set.chatModel().chat(hello());
    assertThat(set.views().get(0).state()).isEqualTo("ejected");
    int before = a.calls.get();

    // a trial after the cool-down that fails ejects it for another cool-down
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 4; i++) {
      set.chatModel().chat(hello());
    }
    assertThat(a.calls.get()).isEqualTo(before + 1);
    assertThat(set.views().get(0).state()).isEqualTo("ejected");
  }

  @Test
  void should_still_try_an_ejected_replica_when_every_replica_is_ejected() {
    Stand a = new Stand("http://a:11434");
    ReplicaSet set = fleet(a);
    a.failure = REFUSED;
    assertThatThrownBy(() -> set.chatModel().chat(hello())).isInstanceOf(ProviderException.class);
    assertThat(set.views().get(0).state()).isEqualTo("ejected");

    a.failure = null;
    assertThat(text(set.chatModel().chat(hello()))).endsWith("a:11434");
    assertThat(set.views().get(0).state()).isEqualTo("up");
  }

  @Test
  void should_measure_each_replicas_latency_and_hide_secrets_in_its_url() {
    assertThat(ReplicaSet.displayUrl("http://user:pw@host:11434/v1?key=abc"))
        .isEqualTo("http://host:11434/v1");
    Stand a = new Stand("http://a:11434");
    ReplicaSet set = fleet(a);
    set.chatModel().chat(hello());
    ReplicaSet.ReplicaView v = set.views().get(0);
    assertThat(v.p50Ms()).isNotNull();
    assertThat(v.p95Ms()).isGreaterThanOrEqualTo(v.p50Ms());
    assertThat(v.calls()).isEqualTo(1);
  }
}
