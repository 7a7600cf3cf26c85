package org.llmadvisor.machine;

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

/**
 * The Ollama server on this machine, if one answers: its version, pulled models and the models
 * loaded now with the memory each holds ({@code /api/version}, {@code /api/tags}, {@code /api/ps}).
 * Only reads; an unreachable server is a status, not an error.
 */
public final class LocalOllama {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalOllama() {}

  /** A loaded model; {@code vramBytes} is the part in GPU memory, the rest is in system RAM. */
  public record Running(String model, long sizeBytes, long vramBytes) {}

  public record Status(
      boolean reachable,
      Optional<String> version,
      List<String> models,
      List<Running> running,
      Optional<String> problem) {

    public static Status unreachable(String why) {
      return new Status(false, Optional.empty(), List.of(), List.of(), Optional.of(why));
    }
  }

  public static Status probe(URI base, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      String version = get(http, base, "/api/version", timeout);
      String tags = get(http, base, "/api/tags", timeout);
      String ps = get(http, base, "/api/ps", timeout);
      return new Status(true, version(version), models(tags), running(ps), Optional.empty());
    } catch (IOException | RuntimeException e) {
      return Status.unreachable(
          "Ollama not reachable at " + base + " (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.unreachable("interrupted while asking Ollama at " + base);
    }
  }

  private static String get(HttpClient http, URI base, String path, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode());
    }
    return r.body();
  }

  static Optional<String> version(String json) throws IOException {
    JsonNode v = JSON.readTree(json).path("version");
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  static List<String> models(String json) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode m : JSON.readTree(json).path("models")) {
      out.add(m.path("name").asText(m.path("model").asText()));
    }
    return out;
  }

  static List<Running> running(String json) throws IOException {
    List<Running> out = new ArrayList<>();
    for (JsonNode m : JSON.readTree(json).path("models")) {
      out.add(
          new Running(
              m.path("name").asText(m.path("model").asText()),
              m.path("size").asLong(),
              m.path("size_vram").asLong()));
    }
    return out;
  }
}
