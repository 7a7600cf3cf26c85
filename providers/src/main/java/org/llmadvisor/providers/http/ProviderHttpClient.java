package org.llmadvisor.providers.http;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The transport langchain4j's provider clients run on (its {@link HttpClient} SPI), over
 * java.net.http. It differs from langchain4j's JDK client in one way that matters to routing: a
 * non-2xx answer keeps its headers ({@link HttpStatusException}), so a 429's Retry-After is known.
 * The provider protocols themselves stay langchain4j's.
 */
public final class ProviderHttpClient implements HttpClient {

  /**
   * Threads that read streamed bodies: the only blocking work. Everything else runs where the JDK
   * client completes it (its selector thread or the caller), see the constructor.
   */
  private static final java.util.concurrent.ExecutorService STREAM_READERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "provider-stream");
            t.setDaemon(true);
            return t;
          });

  private final java.net.http.HttpClient client;
  private final Duration readTimeout;

  /**
   * What {@link Builder#build()} makes: this JDK client unless the running application installed
   * one of its own ({@link #use}), as the server does to keep provider calls on its event loop.
   */
  private static volatile HttpTransport transport = ProviderHttpClient::new;

  private ProviderHttpClient(Duration connectTimeout, Duration readTimeout) {
    this.client =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            // no hand-off to a worker pool for each response step: with the default executor
            // the client's worker threads cost more CPU per call than the rest of the gateway.
            // Nothing given to the client blocks; the streamed body is read on STREAM_READERS.
            .executor(Runnable::run)
            .build();
    this.readTimeout = readTimeout;
  }

  public static Builder builder() {
    return new Builder(null);
  }

  /** The threads that run event parsers over streamed bodies, for any transport. */
  public static java.util.concurrent.Executor streamReaders() {
    return STREAM_READERS;
  }

  /** A builder of clients on {@code transport}, whatever is installed. */
  public static Builder builder(HttpTransport transport) {
    return new Builder(transport);
  }

  /** The JDK transport, whatever is installed: for callers that must not wait on an event loop. */
  public static HttpClient jdk(Duration connectTimeout, Duration readTimeout) {
    return new ProviderHttpClient(connectTimeout, readTimeout);
  }

  /** Installs the transport every client built from now on runs on; null restores the JDK's. */
  public static void use(HttpTransport t) {
    transport = t == null ? ProviderHttpClient::new : t;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    try {
      HttpResponse<String> r =
          client.send(toJdk(request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() >= 400) {
        throw new HttpStatusException(r.statusCode(), r.body(), r.headers().map());
      }
      return SuccessfulHttpResponse.builder()
          .statusCode(r.statusCode())
          .headers(r.headers().map())
          .body(r.body())
          .build();
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    client
        .sendAsync(toJdk(request), HttpResponse.BodyHandlers.ofInputStream())
        .thenAcceptAsync(
            r -> {
              if (r.statusCode() >= 400) {
                String body;
                try (InputStream in = r.body()) {
                  body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  body = "";
                }
                listener.onError(new HttpStatusException(r.statusCode(), body, r.headers().map()));
                return;
              }
              listener.onOpen(
                  SuccessfulHttpResponse.builder()
                      .statusCode(r.statusCode())
                      .headers(r.headers().map())
                      .build());
              try (InputStream in = r.body()) {
                parser.parse(in, listener);
                listener.onClose();
              } catch (IOException | RuntimeException e) {
                listener.onError(e);
              }
            },
            STREAM_READERS)
        .exceptionally(
            t -> {
              Throwable cause =
                  t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
              listener.onError(
                  cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause);
              return null;
            });
  }

  private java.net.http.HttpRequest toJdk(HttpRequest request) {
    if (!request.formDataFiles().isEmpty() || !request.formDataFields().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used by chat providers");
    }
    var b = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(readTimeout);
    request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    String body = request.body();
    var publisher =
        body == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return b.method(request.method().name(), publisher).build();
  }

  /** Builder in langchain4j's {@link HttpClientBuilder} shape. */
  public static final class Builder implements HttpClientBuilder {
    private final HttpTransport on;
    private Duration connectTimeout;
    private Duration readTimeout;

    private Builder(HttpTransport on) {
      this.on = on;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return (on == null ? transport : on)
          .client(
              connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout,
              readTimeout == null ? Duration.ofSeconds(60) : readTimeout);
    }
  }
}
