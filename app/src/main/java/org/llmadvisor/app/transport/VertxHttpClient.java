package org.llmadvisor.app.transport;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.llmadvisor.providers.http.HttpStatusException;
import org.llmadvisor.providers.http.ProviderHttpClient;

/**
 * One provider client's view of {@link VertxTransport}: its timeouts over the shared pool. A
 * blocking call waits on a worker while the event loop writes the request and reads the answer; a
 * streamed answer's bytes are handed from the event loop to a reader thread that runs langchain4j's
 * event parser, which reads a stream. Failures take the shapes the JDK transport gives ({@link
 * HttpStatusException} with headers, langchain4j's {@link TimeoutException}, an I/O error around
 * the cause), so the router's reading of them does not depend on the transport.
 */
final class VertxHttpClient implements HttpClient {

  /** Threads that run the event parser over streamed bodies: the only blocking reads. */
  private static final Executor STREAM_READERS = ProviderHttpClient.streamReaders();

  private final io.vertx.core.http.HttpClient client;
  private final Supplier<ContextInternal> loop;
  private final long connectMillis;
  private final long readMillis;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private volatile HttpClient jdk;

  VertxHttpClient(
      io.vertx.core.http.HttpClient client,
      Supplier<ContextInternal> loop,
      Duration connectTimeout,
      Duration readTimeout) {
    this.client = client;
    this.loop = loop;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.connectMillis = Math.max(1, connectTimeout.toMillis());
    this.readMillis = Math.max(1, readTimeout.toMillis());
  }

  /** What the bytes of a whole answer became. */
  private record Answer(int status, Map<String, List<String>> headers, String body) {}

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    if (Context.isOnEventLoopThread()) {
      // waiting here would stall the very loop that must read the answer
      return jdk().execute(request);
    }
    RequestOptions options = options(request);
    Buffer body = body(request);
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    loop.get()
        .runOnContext(
            v ->
                send(options, body)
                    .compose(
                        r ->
                            r.body()
                                .map(
                                    b ->
                                        new Answer(
                                            r.statusCode(),
                                            headers(r.headers()),
                                            b.toString(StandardCharsets.UTF_8))))
                    .onComplete(
                        ar -> {
                          if (ar.succeeded()) {
                            answer.complete(ar.result());
                          } else {
                            answer.completeExceptionally(ar.cause());
                          }
                        }));
    Answer a = await(answer);
    if (a.status() >= 400) {
      throw new HttpStatusException(a.status(), a.body(), a.headers());
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(a.status())
        .headers(a.headers())
        .body(a.body())
        .build();
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    RequestOptions options = options(request);
    Buffer body = body(request);
    ContextInternal ctx = loop.get();
    ctx.runOnContext(
        v ->
            send(options, body)
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        STREAM_READERS.execute(() -> listener.onError(failure(ar.cause())));
                        return;
                      }
                      HttpClientResponse r = ar.result();
                      if (r.statusCode() >= 400) {
                        Map<String, List<String>> headers = headers(r.headers());
                        r.body()
                            .onComplete(
                                b -> {
                                  String text =
                                      b.succeeded()
                                          ? b.result().toString(StandardCharsets.UTF_8)
                                          : "";
                                  STREAM_READERS.execute(
                                      () ->
                                          listener.onError(
                                              new HttpStatusException(
                                                  r.statusCode(), text, headers)));
                                });
                        return;
                      }
                      SuccessfulHttpResponse open =
                          SuccessfulHttpResponse.builder()
                              .statusCode(r.statusCode())
                              .headers(headers(r.headers()))
                              .build();
                      ChunkStream in = new ChunkStream(r, ctx);
                      STREAM_READERS.execute(
                          () -> {
                            listener.onOpen(open);
                            try (in) {
                              parser.parse(in, listener);
                              listener.onClose();
                            } catch (RuntimeException e) {
                              listener.onError(e);
                            }
                          });
                    }));
  }

  private Future<HttpClientResponse> send(RequestOptions options, Buffer body) {
    return client
        .request(options)
        .compose((HttpClientRequest req) -> body == null ? req.send() : req.send(body));
  }

  private RequestOptions options(HttpRequest request) {
    if (!request.formDataFiles().isEmpty() || !request.formDataFields().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used by chat providers");
    }
    RequestOptions o =
        new RequestOptions()
            .setAbsoluteURI(request.url())
            .setMethod(HttpMethod.valueOf(request.method().name()))
            .setConnectTimeout(connectMillis)
            // the JDK transport's read timeout, as Vert.x has it: no bytes for this long
            .setIdleTimeout(readMillis);
    request.headers().forEach((name, values) -> values.forEach(value -> o.addHeader(name, value)));
    return o;
  }

  private static Buffer body(HttpRequest request) {
    return request.body() == null ? null : Buffer.buffer(request.body(), "UTF-8");
  }

  private static Map<String, List<String>> headers(MultiMap headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }

  private static Answer await(CompletableFuture<Answer> answer) {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A failure as the JDK transport would have thrown it. */
  static RuntimeException failure(Throwable t) {
    if (t instanceof java.util.concurrent.TimeoutException) {
      return new TimeoutException(t);
    }
    if (t instanceof RuntimeException r && !(t instanceof io.vertx.core.VertxException)) {
      return r;
    }
    return new UncheckedIOException(new IOException(t.getMessage(), t));
  }

  private HttpClient jdk() {
    HttpClient c = jdk;
    if (c == null) {
      synchronized (this) {
        if (jdk == null) {
          jdk = ProviderHttpClient.jdk(connectTimeout, readTimeout);
        }
        c = jdk;
      }
    }
    return c;
  }

  /**
   * A streamed body as the parser reads it: buffers from the event loop, queued; the response is
   * paused while many wait, so a fast backend cannot fill the heap ahead of a slow client.
   */
  private static final class ChunkStream extends InputStream {
    private static final Object END = new Object();
    private static final int PAUSE_AT = 64;
    private static final int RESUME_AT = 8;

    private final java.util.concurrent.LinkedBlockingQueue<Object> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final HttpClientResponse response;
    private final ContextInternal ctx;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done;
    private volatile boolean paused;

    ChunkStream(HttpClientResponse response, ContextInternal ctx) {
      this.response = response;
      this.ctx = ctx;
      response.handler(
          b -> {
            queue.add(b.getBytes());
            if (queue.size() > PAUSE_AT && !paused) {
              paused = true;
              response.pause();
            }
          });
      response.endHandler(v -> queue.add(END));
      response.exceptionHandler(queue::add);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos >= current.length) {
        if (done) {
          return -1;
        }
        Object next;
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (paused && queue.size() < RESUME_AT) {
          paused = false;
          ctx.runOnContext(v -> response.resume());
        }
        if (next == END) {
          done = true;
        } else if (next instanceof Throwable t) {
          done = true;
          throw new IOException(t.getMessage(), t);
        } else {
          current = (byte[]) next;
          pos = 0;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      if (!done) {
        // the reader stopped early (a client went away): drop the backend's connection
        done = true;
        ctx.runOnContext(v -> response.request().reset());
      }
    }
  }
}
