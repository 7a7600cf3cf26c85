package org.llmadvisor.app.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.providers.Readiness;

/**
 * Whether one vLLM replica of a plan is ready: its server is up ({@code GET /health} answers 200,
 * which vLLM does only once the model is loaded) and it serves the plan's model under the name the
 * gateway calls it by ({@code GET /v1/models} lists it). A replica that is still downloading its
 * weights from Hugging Face, or was started with another model or served name, is not ready, and
 * the detail says which.
 */
final class VllmReadiness {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;

  VllmReadiness(HttpClient http) {
    this.http = http;
  }

  /**
   * @param baseUrl the replica's root, without {@code /v1}
   * @param apiKey the key vLLM was started with ({@code --api-key}), which {@code /v1} asks for
   */
  Readiness check(String baseUrl, String servedModel, Optional<String> apiKey, Duration timeout) {
    String base = baseUrl.replaceAll("/+$", "");
    try {
      HttpResponse<String> health = get(base + "/health", Optional.empty(), timeout);
      if (health.statusCode() != 200) {
        return Readiness.down(
            "GET /health answered "
                + health.statusCode()
                + ": vLLM is still starting (downloading or loading "
                + servedModel
                + ")");
      }
      HttpResponse<String> models = get(base + "/v1/models", apiKey, timeout);
      if (models.statusCode() != 200) {
        return Readiness.down("GET /v1/models answered " + models.statusCode());
      }
      List<String> served = servedNames(models.body());
      return served.contains(servedModel)
          ? Readiness.up("vLLM serves " + servedModel)
          : Readiness.down(
              "vLLM serves " + served + ", not " + servedModel + " (its --served-model-name)");
    } catch (IOException e) {
      return Readiness.down("not answering: " + e.getClass().getSimpleName() + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Readiness.down("check interrupted");
    } catch (IllegalArgumentException e) {
      return Readiness.down("cannot be asked: " + e.getMessage());
    }
  }

  /** The ids of an OpenAI-shaped model list ({@code {"data": [{"id": ...}]}}). */
  static List<String> servedNames(String body) throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode m : JSON.readTree(body).path("data")) {
      if (m.hasNonNull("id")) {
        names.add(m.get("id").asText());
      }
    }
    return names;
  }

  private HttpResponse<String> get(String url, Optional<String> apiKey, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    apiKey.ifPresent(k -> r.header("Authorization", "Bearer " + k));
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String why(IOException e) {
    return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
  }
}
