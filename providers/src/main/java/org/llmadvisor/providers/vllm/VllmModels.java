package org.llmadvisor.providers.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.http.ProviderHttpClient;

/**
 * What a vLLM server serves, from its {@code GET /v1/models}: {@code {"object": "list", "data":
 * [{"id", "object": "model", "owned_by": "vllm", "root", "max_model_len", ...}]}} (vLLM's {@code
 * ModelList} and {@code ModelCard}, vllm-project/vllm {@code entrypoints/openai}). One server
 * serves one base model, under each of its {@code --served-model-name}s, plus any LoRA adapters.
 */
final class VllmModels {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One served model: its name and, where vLLM reports it, the longest context it takes. */
  record Served(String id, OptionalLong maxModelLen) {}

  private final String apiBase;
  private final Optional<String> apiKey;
  private final Duration timeout;

  /**
   * @param apiBase the server's {@code /v1}
   * @param apiKey sent as a bearer token when present: vLLM started with {@code --api-key} guards
   *     {@code /v1/models} as it guards chat
   */
  VllmModels(String apiBase, Optional<String> apiKey, Duration timeout) {
    this.apiBase = apiBase;
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** The models the server lists; throws the failed call as it came (untranslated). */
  List<Served> list() {
    HttpRequest.Builder b = HttpRequest.builder().method(HttpMethod.GET).url(apiBase + "/models");
    apiKey.ifPresent(k -> b.addHeader("Authorization", "Bearer " + k));
    String body =
        ProviderHttpClient.builder().readTimeout(timeout).build().execute(b.build()).body();
    return parse(body);
  }

  /** vLLM's model list; an answer without its {@code data} array is not one. */
  static List<Served> parse(String body) {
    JsonNode data;
    try {
      data = JSON.readTree(body).path("data");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("GET /v1/models did not answer JSON", e);
    }
    if (!data.isArray()) {
      throw new IllegalStateException("GET /v1/models answered no \"data\" list of models");
    }
    List<Served> out = new ArrayList<>();
    for (JsonNode m : data) {
      JsonNode len = m.path("max_model_len");
      out.add(
          new Served(
              m.path("id").asText(),
              len.canConvertToLong() ? OptionalLong.of(len.asLong()) : OptionalLong.empty()));
    }
    return out;
  }

  /**
   * Ready when {@code model} is listed; otherwise not ready, naming what the server listed, or why
   * it could not be asked. Never throws.
   */
  Readiness readiness(String model) {
    String where = "vLLM at " + root();
    List<Served> served;
    try {
      served = list();
    } catch (RuntimeException e) {
      return Readiness.down(where + ": " + why(e));
    }
    Optional<Served> found = served.stream().filter(s -> s.id().equals(model)).findFirst();
    if (found.isPresent()) {
      return Readiness.up(
          where
              + " serves "
              + model
              + found.get().maxModelLen().stream()
                  .mapToObj(n -> " (max model length " + n + ")")
                  .findFirst()
                  .orElse(""));
    }
    return Readiness.down(
        where
            + " answers but does not serve "
            + model
            + (served.isEmpty()
                ? ": it lists no model"
                : ": it serves " + String.join(", ", served.stream().map(Served::id).toList())));
  }

  /** Why the list could not be read, with what to check for the failures a setup gets wrong. */
  private static String why(RuntimeException e) {
    if (e instanceof IllegalStateException) {
      return e.getMessage();
    }
    ProviderException p = ProviderErrors.translate(e);
    return p.getMessage()
        + switch (p.reason()) {
          case AUTHENTICATION -> " (the server was started with --api-key: set api-key to it)";
          case NOT_FOUND -> " (no /v1/models here: is base-url the vLLM server's root?)";
          default -> "";
        };
  }

  /** The server's root as configured, for messages. */
  private String root() {
    return apiBase.endsWith("/v1") ? apiBase.substring(0, apiBase.length() - 3) : apiBase;
  }
}
