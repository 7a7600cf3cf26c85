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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.routing.OfflineRouter;
import org.llmadvisor.app.routing.Router;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * Runs the chat path before the first client does: the request's JSON, its mapping, the router,
 * metering, langchain4j's OpenAI client with its JSON both ways, and the answer's JSON, a few
 * thousand times against an in-memory transport. Why: a JVM interprets code until it has run it
 * often, and the first few hundred calls after a start took several milliseconds each. It sends
 * nothing anywhere and writes nothing: its transport answers in memory, its router keeps no ledger,
 * no metrics and no circuits of the app's.
 */
@ApplicationScoped
public class GatewayWarmUp {

  private static final Logger LOG = Logger.getLogger(GatewayWarmUp.class);
  private static final String ID = "warm-up";

  @Inject ObjectMapper json;

  @Inject AdvisorConfig config;

  void onStart(@Observes StartupEvent event) {
    int calls = config.gateway().warmUpCalls();
    if (calls <= 0) {
      return;
    }
    long start = System.nanoTime();
    try {
      run(calls);
      LOG.debugf(
          "gateway warmed up: %d calls in %d ms", calls, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      // only a slower first call is at stake
      LOG.warnf("gateway warm-up skipped: %s", e.getMessage());
    }
  }

  void run(int n) throws IOException {
    JsonNode sample;
    try (InputStream in = GatewayWarmUp.class.getResourceAsStream("/warm-up/chat.json")) {
      sample = json.readTree(in);
    }
    String request = json.writeValueAsString(sample.get("request"));
    String answer = json.writeValueAsString(sample.get("answer"));
    Router router = OfflineRouter.over(new MeteredDeployment(deployment(answer)));
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
    }
  }

  /** An OpenAI deployment whose transport answers {@code answer} in memory. */
  private static Deployment deployment(String answer) {
    ChatModel chat =
        OpenAiChatModel.builder()
            .httpClientBuilder(new InMemoryTransport(answer))
            .baseUrl("http://warm-up.invalid/v1")
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
