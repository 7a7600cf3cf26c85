package org.llmadvisor.app.transport;

import dev.langchain4j.http.client.HttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.llmadvisor.providers.http.HttpTransport;
import org.llmadvisor.providers.http.ProviderHttpClient;

/**
 * The providers' transport in the server: langchain4j's HTTP client interface over the app's own
 * Vert.x, so a provider call is written and read on the event loops that serve the gateway's
 * clients instead of on the JDK client's selector thread and the hand-offs to and from it (those
 * were a quarter of the gateway's CPU under load). One connection pool for every deployment;
 * keep-alive, no compression (langchain4j asks for none). It installs itself as the providers'
 * transport when created; a singleton, not a proxy, so whatever injects it finds it installed.
 */
@Singleton
public class VertxTransport implements HttpTransport {

  /** Connections kept per backend: more than the calls in flight the gateway admits at once. */
  private static final int CONNECTIONS_PER_BACKEND = 1_000;

  private final io.vertx.core.http.HttpClient client;
  private final ContextInternal[] loops;
  private final AtomicInteger next = new AtomicInteger();

  @Inject
  public VertxTransport(Vertx vertx) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setForceSni(true),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_BACKEND));
    // calls are started on event-loop contexts of their own, so the answer completes on the event
    // loop; started from a worker's context, Vert.x would hand each callback to another worker
    int n = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    this.loops = new ContextInternal[n];
    for (int i = 0; i < n; i++) {
      loops[i] = ((VertxInternal) vertx).createEventLoopContext();
    }
    ProviderHttpClient.use(this);
  }

  @Override
  public HttpClient client(Duration connectTimeout, Duration readTimeout) {
    return new VertxHttpClient(client, this::loop, connectTimeout, readTimeout);
  }

  private ContextInternal loop() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  @PreDestroy
  void close() {
    ProviderHttpClient.use(null);
    client.close();
  }
}
