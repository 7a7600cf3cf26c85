package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.ledger.LedgerWarmUp;
import org.llmadvisor.app.routing.OfflineRouter;
import org.llmadvisor.app.routing.Router;
import org.llmadvisor.app.transport.VertxTransport;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.service.Catalogs;

/**
 * Runs the chat path before the first client does: the request's JSON, its mapping, the router,
 * metering, langchain4j's OpenAI client with its JSON both ways, the providers' transport and the
 * answer's JSON, a few thousand times against a server of its own on the loopback interface. Why: a
 * JVM interprets code until it has run it often, and the first few hundred calls after a start took
 * several milliseconds each. Then the ledger's write path, on a scratch ledger ({@link
 * LedgerWarmUp}). It sends nothing out of the process and writes nothing of the app's: its server
 * answers from memory, its router keeps no ledger, no metrics and no circuits of the app's, and the
 * scratch ledger lives in a temporary folder deleted after.
 */
@ApplicationScoped
public class GatewayWarmUp {

  private static final Logger LOG = Logger.getLogger(GatewayWarmUp.class);
  private static final String ID = "warm-up";

  @Inject ObjectMapper json;

  @Inject AdvisorConfig config;

  @Inject VertxTransport transport;

  @Inject LedgerWarmUp ledger;

  @Inject Catalogs catalogs;

  void onStart(@Observes StartupEvent event) {
    int calls = config.gateway().warmUpCalls();
    if (calls <= 0) {
      return;
    }
    long start = System.nanoTime();
    try {
      String where = warmUp(calls);
      long warmed = System.nanoTime();
      boolean settled = JitSettle.await(config.gateway().warmUpSettle());
      LOG.debugf(
          "gateway warmed up: %d calls %s in %d ms, then %d ms for the compilers (%s)",
          calls,
          where,
          (warmed - start) / 1_000_000,
          (System.nanoTime() - warmed) / 1_000_000,
          settled ? "idle" : "still busy at the limit");
    } catch (IOException | RuntimeException e) {
      // only a slower first call is at stake
      LOG.warnf("gateway warm-up skipped: %s", e.getMessage());
    }
  }

  /**
   * Through the providers' real transport to a server on the loopback interface that answers the
   * sample from memory: so the HTTP code of the call out is compiled too. That server runs on a
   * Vert.x of the warm-up's own, closed after, so the app's HTTP metrics count none of its calls.
   * In memory when the server cannot listen.
   */
  String warmUp(int calls) throws IOException {
    JsonNode sample = sample();
    String answer = sample.get("answer").toString();
    Vertx own = Vertx.vertx();
    try {
      HttpServer backend;
      try {
        backend =
            listen(
                own.createHttpServer()
                    .requestHandler(
                        r ->
                            r.body()
                                .onComplete(
                                    b ->
                                        r.response()
                                            .putHeader("Content-Type", "application/json")
                                            .end(answer))));
      } catch (ExecutionException | TimeoutException e) {
        ledger(run(calls, sample), calls);
        return "in memory";
      }
      // the deployment as a configured one is built: the provider's factory on the installed
      // transport (injected here, so installed), a replica set, metering; so the first real calls
      // find its code compiled for them
      DeploymentSettings settings =
          new DeploymentSettings(
              ID,
              ProviderType.OPENAI,
              "http://127.0.0.1:" + backend.actualPort() + "/v1",
              "gpt-4o-mini",
              Optional.of("warm-up"),
              Optional.empty(),
              Optional.empty(),
              Duration.ofSeconds(10));
      ledger(run(calls, OfflineRouter.over(settings, catalogs.offerings()), sample), calls);
      return "over loopback";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not at all (interrupted)";
    } finally {
      own.close();
    }
  }

  private static HttpServer listen(HttpServer server)
      throws ExecutionException, TimeoutException, InterruptedException {
    return server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** The calls' records through the ledger's write path, in a scratch ledger of its own. */
  private void ledger(CallRecord sample, int calls) {
    try {
      ledger.run(sample, calls);
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.debugf("ledger warm-up skipped: %s", e.getMessage());
    }
  }

  private JsonNode sample() throws IOException {
    try (InputStream in = GatewayWarmUp.class.getResourceAsStream("/warm-up/chat.json")) {
      return json.readTree(in);
    }
  }

  /** {@code n} chat calls of the sample's request through the gateway's code and {@code router}. */
  private CallRecord run(int n, Router router, JsonNode sample) throws IOException {
    String request = sample.get("request").toString();
    CallRecord last = null;
    for (int i = 0; i < n; i++) {
      JsonNode body =
          json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(request);
      OpenAiMapping.Parsed p = OpenAiMapping.parse(body);
      Router.Served served = router.chat(p.model(), p.request(), p.maxTokens(), "warm-up");
      OpenAiMapping.completion(
              json,
              "chatcmpl-warm-up",
              Instant.now().getEpochSecond(),
              served.deploymentId(),
              served.response(),
              served.record())
          .toString();
      last = served.record();
    }
    return last;
  }

  /** {@code n} calls with a transport that answers in memory: no server, no socket. */
  CallRecord run(int n) throws IOException {
    return run(n, sample());
  }

  private CallRecord run(int n, JsonNode sample) throws IOException {
    Deployment inMemory =
        deployment(
            new InMemoryTransport(sample.get("answer").toString()), "http://warm-up.invalid/v1");
    return run(n, OfflineRouter.over(new MeteredDeployment(inMemory)), sample);
  }

  /** An OpenAI deployment at {@code baseUrl} over {@code transport}. */
  private static Deployment deployment(HttpClientBuilder transport, String baseUrl) {
    ChatModel chat =
        OpenAiChatModel.builder()
            .httpClientBuilder(transport)
            .baseUrl(baseUrl)
            .apiKey("warm-up")
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .build();
    DeploymentDescription description =
        new DeploymentDescription(
            ID,
            ProviderType.OPENAI,
            "gpt-4o-mini",
            CatalogEntry.unknown(),
            Optional.empty(),
            "in-memory warm-up");
    return new Deployment() {
      @Override
      public DeploymentDescription description() {
        return description;
      }

      @Override
      public ChatModel chatModel() {
        return chat;
      }

      @Override
      public StreamingChatModel streamingChatModel() {
        throw new UnsupportedOperationException("the warm-up does not stream");
      }

      @Override
      public Readiness ready() {
        return Readiness.up("in memory");
      }
    };
  }

  /** langchain4j's transport, answering every request with one body and never opening a socket. */
  private record InMemoryTransport(String answer) implements HttpClientBuilder, HttpClient {
    @Override
    public Duration connectTimeout() {
      return null;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      return this;
    }

    @Override
    public Duration readTimeout() {
      return null;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      return this;
    }

    @Override
    public HttpClient build() {
      return this;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
      return SuccessfulHttpResponse.builder()
          .statusCode(200)
          .headers(Map.of("content-type", List.of("application/json")))
          .body(answer)
          .build();
    }

    @Override
    public void execute(
        HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      listener.onError(new UncheckedIOException(new IOException("the warm-up does not stream")));
    }
  }
}
