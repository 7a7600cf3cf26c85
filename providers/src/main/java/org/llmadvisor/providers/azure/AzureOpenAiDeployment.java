package org.llmadvisor.providers.azure;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Map;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.http.ProviderHttpClient;
import org.llmadvisor.providers.openai.OpenAiDeployment;

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
public final class AzureOpenAiDeployment implements Deployment {

  private final DeploymentSettings settings;
  private final CatalogEntry entry;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  public AzureOpenAiDeployment(DeploymentSettings settings, CatalogEntry entry) {
    this.settings = settings;
    this.entry = entry;
    String key =
        settings.apiKey().orElseThrow(() -> new IllegalArgumentException("api-key is required"));
    Map<String, String> headers = Map.of("api-key", key);
    Map<String, String> query =
        settings.apiVersion().map(v -> Map.of("api-version", v)).orElse(Map.of());
    this.chat =
        OpenAiChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(baseUrl())
            .customHeaders(headers)
            .customQueryParams(query)
            .modelName(settings.model())
            .timeout(settings.timeout())
            .maxRetries(0)
            .build();
    this.streaming =
        OpenAiStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(baseUrl())
            .customHeaders(headers)
            .customQueryParams(query)
            .modelName(settings.model())
            .timeout(settings.timeout())
            .build();
  }

  /** The URL langchain4j appends {@code /chat/completions} to. */
  String baseUrl() {
    return settings.apiVersion().isPresent()
        ? settings.base() + "/openai/deployments/" + settings.model()
        : settings.base() + "/openai/v1";
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
    return ProviderType.AZURE_OPENAI;
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
    String url =
        settings.apiVersion().isPresent()
            ? settings.base() + "/openai/models?api-version=" + settings.apiVersion().get()
            : settings.base() + "/openai/v1/models";
    return OpenAiDeployment.probe(url, Map.of("api-key", settings.apiKey().orElse("")), settings);
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
