package org.llmadvisor.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModelCard;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.RunningOllamaModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.http.NdjsonParser;
import org.llmadvisor.providers.http.ProviderHttpClient;

/**
 * {@link OllamaManagement} over Ollama's HTTP API. Listing, showing and the running list use
 * langchain4j's {@link OllamaModels}; pulling (with progress), warming up and unloading, which it
 * lacks, call Ollama's {@code /api/pull} and {@code /api/generate} through the same transport.
 */
final class OllamaManager implements OllamaManagement {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final OllamaModels models;
  private final HttpClient http;

  OllamaManager(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.models =
        OllamaModels.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(baseUrl)
            .timeout(timeout)
            .maxRetries(0)
            .build();
    this.http = ProviderHttpClient.builder().readTimeout(timeout).build();
  }

  @Override
  public List<LocalModel> list() {
    return translated(
        () -> models.availableModels().content().stream().map(OllamaManager::local).toList());
  }

  @Override
  public ModelInfo show(String name) {
    OllamaModelCard card = translated(() -> models.modelCard(name).content());
    Map<String, Object> info = card.getModelInfo() == null ? Map.of() : card.getModelInfo();
    var d = card.getDetails();
    return new ModelInfo(
        name,
        d == null ? null : d.getFamily(),
        d == null ? null : d.getParameterSize(),
        d == null ? null : d.getQuantizationLevel(),
        OllamaArchitecture.number(info, "general.parameter_count"),
        OllamaArchitecture.contextLength(info),
        OllamaArchitecture.of(info, name),
        info,
        card.getCapabilities() == null ? List.of() : List.copyOf(card.getCapabilities()));
  }

  @Override
  public List<RunningModel> running() {
    return translated(
        () -> models.runningModels().content().stream().map(OllamaManager::running).toList());
  }

  @Override
  public void pull(String name, Consumer<PullProgress> progress) {
    ObjectNode body = JSON.createObjectNode().put("model", name).put("stream", true);
    CompletableFuture<Void> done = new CompletableFuture<>();
    HttpRequest req =
        HttpRequest.builder()
            .method(HttpMethod.POST)
            .url(baseUrl + "/api/pull")
            .addHeader("Content-Type", "application/json")
            .body(body.toString())
            .build();
    http.execute(
        req,
        new NdjsonParser(),
        new ServerSentEventListener() {
          @Override
          public void onEvent(ServerSentEvent event) {
            try {
              JsonNode n = JSON.readTree(event.data());
              if (n.hasNonNull("error")) {
                done.completeExceptionally(
                    new IllegalStateException(
                        "Ollama could not pull " + name + ": " + n.get("error").asText()));
                return;
              }
              PullProgress p =
                  new PullProgress(
                      n.path("status").asText(""),
                      n.path("digest").asText(null),
                      n.path("total").asLong(0),
                      n.path("completed").asLong(0));
              progress.accept(p);
              if (p.status().equals("success")) {
                done.complete(null);
              }
            } catch (Exception e) {
              done.completeExceptionally(e);
            }
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onClose() {
            done.completeExceptionally(
                new java.io.EOFException("pull stream of " + name + " ended before success"));
          }
        });
    await(done);
  }

  @Override
  public void warmUp(String name, Duration keepAlive) {
    generate(name, keepAlive.toSeconds() + "s");
  }

  @Override
  public void unload(String name) {
    generate(name, "0");
  }

  private void generate(String name, String keepAlive) {
    ObjectNode body = JSON.createObjectNode().put("model", name).put("keep_alive", keepAlive);
    translated(
        () ->
            http.execute(
                HttpRequest.builder()
                    .method(HttpMethod.POST)
                    .url(baseUrl + "/api/generate")
                    .addHeader("Content-Type", "application/json")
                    .body(body.toString())
                    .build()));
  }

  /** Where a call leaves Ollama: its failure is translated here, once. */
  private static <T> T translated(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw ProviderErrors.translate(e);
    }
  }

  /** "llama2" and "llama2:latest" name the same model. */
  static boolean sameTag(String a, String b) {
    return normal(a).equals(normal(b));
  }

  private static String normal(String tag) {
    return tag.contains(":") ? tag : tag + ":latest";
  }

  private static void await(CompletableFuture<Void> done) {
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw ProviderErrors.translate(e.getCause());
    }
  }

  private static LocalModel local(OllamaModel m) {
    var d = m.getDetails();
    return new LocalModel(
        m.getName(),
        m.getSize(),
        d == null ? null : d.getFamily(),
        d == null ? null : d.getParameterSize(),
        d == null ? null : d.getQuantizationLevel());
  }

  private static RunningModel running(RunningOllamaModel m) {
    return new RunningModel(
        m.getName(),
        m.getSize() == null ? 0 : m.getSize(),
        m.getSizeVram() == null ? 0 : m.getSizeVram());
  }
}
