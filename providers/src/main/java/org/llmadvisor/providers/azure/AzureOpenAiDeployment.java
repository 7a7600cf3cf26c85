package org.llmadvisor.providers.azure;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.Refusal;
import org.llmadvisor.providers.SettingsDeployment;
import org.llmadvisor.providers.http.ProviderHttpClient;
import org.llmadvisor.providers.openai.OpenAiDeployment;
import org.llmadvisor.providers.openai.OpenAiRequests;

/**
 * An Azure OpenAI deployment, spoken to with langchain4j's OpenAI client.
 *
 * <p>Default endpoint: {@code {resource}/openai/v1/chat/completions} with the deployment name as
 * {@code model}. Why: the v1 API is generally available, needs no api-version to keep up with, and
 * has OpenAI's wire format, so one client (and one conformance suite) covers OpenAI and Azure
 * without the Azure SDK. When {@code api-version} is configured, the older {@code
 * /openai/deployments/{name}/chat/completions?api-version=...} endpoint is used instead, for
 * resources that do not offer v1 yet. Both authenticate with the {@code api-key} header.
 */
public final class AzureOpenAiDeployment extends SettingsDeployment {

  public AzureOpenAiDeployment(DeploymentSettings settings, CatalogEntry entry) {
    super(
        settings,
        entry,
        OpenAiChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(baseUrl(settings))
            .customHeaders(headers(settings))
            .customQueryParams(query(settings))
            .modelName(settings.model())
            .timeout(settings.timeout())
            .maxRetries(0)
            .build(),
        OpenAiStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(baseUrl(settings))
            .customHeaders(headers(settings))
            .customQueryParams(query(settings))
            .modelName(settings.model())
            .timeout(settings.timeout())
            .build());
  }

  private static Map<String, String> headers(DeploymentSettings s) {
    return Map.of(
        "api-key",
        s.apiKey().orElseThrow(() -> new IllegalArgumentException("api-key is required")));
  }

  private static Map<String, String> query(DeploymentSettings s) {
    return s.apiVersion().map(v -> Map.of("api-version", v)).orElse(Map.of());
  }

  /** The URL langchain4j appends {@code /chat/completions} to. */
  static String baseUrl(DeploymentSettings s) {
    return s.apiVersion().isPresent()
        ? s.base() + "/openai/deployments/" + s.model()
        : s.base() + "/openai/v1";
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
    String url =
        settings.apiVersion().isPresent()
            ? settings.base() + "/openai/models?api-version=" + settings.apiVersion().get()
            : settings.base() + "/openai/v1/models";
    return OpenAiDeployment.probe(url, Map.of("api-key", settings.apiKey().orElse("")), settings);
  }
}
