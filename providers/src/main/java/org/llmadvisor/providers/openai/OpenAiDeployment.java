package org.llmadvisor.providers.openai;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Map;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.http.ProviderHttpClient;

/** An OpenAI model ({@code /v1/chat/completions}), via langchain4j-open-ai. */
public final class OpenAiDeployment implements Deployment {

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  private final DeploymentSettings settings;
  private final CatalogEntry entry;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  public OpenAiDeployment(DeploymentSettings settings, CatalogEntry entry) {
    this.settings = settings;
    this.entry = entry;
    String key =
        settings.apiKey().orElseThrow(() -> new IllegalArgumentException("api-key is required"));
    this.chat =
        OpenAiChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(base())
            .apiKey(key)
            .modelName(settings.model())
            .timeout(settings.timeout())
            .maxRetries(0)
            .build();
    this.streaming =
        OpenAiStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(base())
            .apiKey(key)
            .modelName(settings.model())
            .timeout(settings.timeout())
            .build();
  }

  private String base() {
    return settings.baseUrl() == null || settings.baseUrl().isBlank()
        ? DEFAULT_BASE_URL
        : settings.base();
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public DeploymentKind kind() {
    return DeploymentKind.CLOUD;
  }

  @Override
  public ProviderType provider() {
    return ProviderType.OPENAI;
  }

  @Override
  public String model() {
    return settings.model();
  }

  @Override
  public ChatModel chatModel() {
    return chat;
  }

  @Override
  public StreamingChatModel streamingChatModel() {
    return streaming;
  }

  @Override
  public Readiness ready() {
    return probe(
        base() + "/models/" + settings.model(),
        Map.of("Authorization", "Bearer " + settings.apiKey().orElse("")),
        settings);
  }

  /** GET a cheap metadata URL; 2xx means reachable and authorised. Never throws. */
  public static Readiness probe(String url, Map<String, String> headers, DeploymentSettings s) {
    try {
      HttpRequest.Builder b = HttpRequest.builder().method(HttpMethod.GET).url(url);
      headers.forEach(b::addHeader);
      ProviderHttpClient.builder().readTimeout(s.timeout()).build().execute(b.build());
      return Readiness.up(s.provider().key() + " answers for " + s.model());
    } catch (RuntimeException e) {
      return Readiness.down(
          s.provider().key() + " at " + s.base() + ": " + ProviderErrors.translate(e).getMessage());
    }
  }

  @Override
  public CatalogEntry catalogEntry() {
    return entry;
  }

  @Override
  public String describe() {
    return settings.toString();
  }
}
