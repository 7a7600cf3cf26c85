package org.llmadvisor.providers.openai;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.Refusal;
import org.llmadvisor.providers.SettingsDeployment;
import org.llmadvisor.providers.http.ProviderHttpClient;

/** An OpenAI model ({@code /v1/chat/completions}), via langchain4j-open-ai. */
public final class OpenAiDeployment extends SettingsDeployment {

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  public OpenAiDeployment(DeploymentSettings settings, CatalogEntry entry) {
    super(
        settings,
        entry,
        OpenAiClients.chat(base(settings), key(settings), settings),
        OpenAiClients.streaming(base(settings), key(settings), settings));
  }

  private static String key(DeploymentSettings s) {
    return s.apiKey().orElseThrow(() -> new IllegalArgumentException("api-key is required"));
  }

  private static String base(DeploymentSettings s) {
    return s.baseUrl() == null || s.baseUrl().isBlank() ? DEFAULT_BASE_URL : s.base();
  }

  @Override
  public Optional<Refusal> refuses(ChatRequest request) {
    return OpenAiRequests.refusal(request, catalogEntry().reasoning(), settings.model());
  }

  @Override
  protected ChatRequest adapt(ChatRequest request) {
    return OpenAiRequests.adapt(request, catalogEntry().reasoning());
  }

  @Override
  public Readiness ready() {
    return probe(
        base(settings) + "/models/" + settings.model(),
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
}
