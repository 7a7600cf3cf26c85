package org.llmadvisor.app.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.http.HttpStatusException;

/**
 * The Vert.x transport against a Vert.x server on loopback: answers, failures in the shapes the
 * router reads (status with Retry-After, refused connection, silence past the read timeout), a
 * streamed body larger than the pause threshold, and a call made on an event loop.
 */
class VertxHttpClientTest {

  private static Vertx vertx;
  private static VertxTransport transport;
  private static HttpServer server;
  private static volatile Consumer<HttpServerRequest> handler;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    transport = new VertxTransport(vertx);
    server =
        vertx
            .createHttpServer()
            .requestHandler(r -> handler.accept(r))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    transport.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpClient client(Duration read) {
    return transport.client(Duration.ofSeconds(2), read);
  }

  private static HttpRequest post(String body) {
    return HttpRequest.builder()
        .method(HttpMethod.POST)
        .url("http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions")
        .addHeader("Content-Type", "application/json")
        .addHeader("Authorization", "Bearer sk-test")
        .body(body)
        .build();
  }

  @Test
  void should_send_the_body_and_headers_and_return_the_answer_when_the_backend_answers() {
    handler =
        r ->
            r.body()
                .onSuccess(
                    b ->
                        r.response()
                            .putHeader("x-echo-auth", r.getHeader("Authorization"))
                            .end("{\"got\": " + b + "}"));

    SuccessfulHttpResponse res = client(Duration.ofSeconds(5)).execute(post("{\"a\": 1}"));

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("{\"got\": {\"a\": 1}}");
    assertThat(res.headers().get("x-echo-auth")).containsExactly("Bearer sk-test");
  }

  @Test
  void should_keep_the_retry_after_when_the_backend_answers_429() {
    handler = r -> r.response().setStatusCode(429).putHeader("Retry-After", "7").end("slow down");

    Throwable t = catchThrowable(() -> client(Duration.ofSeconds(5)).execute(post("{}")));

    assertThat(t).isInstanceOf(HttpStatusException.class);
    assertThat(((HttpStatusException) t).retryAfter()).contains(Duration.ofSeconds(7));
    ProviderException p = ProviderErrors.translate(t);
    assertThat(p.reason()).isEqualTo(ProviderException.Reason.RATE_LIMITED);
  }

  @Test
  void should_report_a_timeout_when_the_backend_stays_silent_past_the_read_timeout() {
    handler = r -> {}; // never answers

    Throwable t = catchThrowable(() -> client(Duration.ofMillis(300)).execute(post("{}")));

    assertThat(ProviderErrors.translate(t).reason()).isEqualTo(ProviderException.Reason.TIMEOUT);
  }

  @Test
  void should_report_a_connection_failure_when_nothing_listens() {
    HttpRequest request =
        HttpRequest.builder().method(HttpMethod.GET).url("http://127.0.0.1:1/v1/models").build();

    Throwable t = catchThrowable(() -> client(Duration.ofSeconds(5)).execute(request));

    assertThat(ProviderErrors.translate(t).reason()).isEqualTo(ProviderException.Reason.CONNECTION);
  }

  @Test
  void should_deliver_every_event_in_order_when_a_stream_outruns_its_reader() throws Exception {
    int events = 2_000;
    handler =
        r -> {
          r.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
          for (int i = 0; i < events; i++) {
            r.response().write("data: " + i + "\n\n");
          }
          r.response().end("data: [DONE]\n\n");
        };
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();

    client(Duration.ofSeconds(5))
        .execute(
            post("{\"stream\": true}"),
            new DefaultServerSentEventParser(),
            new ServerSentEventListener() {
              @Override
              public void onEvent(ServerSentEvent event) {
                try {
                  if (got.size() % 100 == 0) {
                    Thread.sleep(2); // a slow reader, so the response is paused and resumed
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                got.add(event.data());
              }

              @Override
              public void onError(Throwable error) {
                closed.completeExceptionally(error);
              }

              @Override
              public void onClose() {
                closed.complete(null);
              }
            });
    closed.get(20, TimeUnit.SECONDS);

    assertThat(got).hasSize(events + 1);
    assertThat(got.get(0)).isEqualTo("0");
    assertThat(got.get(events - 1)).isEqualTo(String.valueOf(events - 1));
    assertThat(got.get(events)).isEqualTo("[DONE]");
  }

  @Test
  void should_still_answer_when_called_on_an_event_loop() throws Exception {
    // a backend off the event loops: blocking one of them would also stall a Vert.x server on it
    com.sun.net.httpserver.HttpServer jdk =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    jdk.createContext(
        "/",
        x -> {
          byte[] b = "{\"ok\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    jdk.start();
    try {
      HttpRequest request =
          HttpRequest.builder()
              .method(HttpMethod.GET)
              .url("http://127.0.0.1:" + jdk.getAddress().getPort() + "/v1/models")
              .build();
      CompletableFuture<String> body = new CompletableFuture<>();

      vertx.runOnContext(
          v -> {
            try {
              body.complete(client(Duration.ofSeconds(5)).execute(request).body());
            } catch (RuntimeException e) {
              body.completeExceptionally(e);
            }
          });

      assertThat(body.get(10, TimeUnit.SECONDS)).isEqualTo("{\"ok\": true}");
    } finally {
      jdk.stop(0);
    }
  }
}
