package org.llmadvisor.providers.ollama;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import java.util.Optional;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.Refusal;
import org.llmadvisor.providers.SettingsDeployment;
import org.llmadvisor.providers.http.ProviderHttpClient;

/** A model served by an Ollama server ({@code /api/chat}), via langchain4j-ollama. */
public final class OllamaDeployment extends SettingsDeployment {

  private final OllamaManagement management;
  private final OllamaCapabilities capabilities;

  /** {@code management} is the same server's, used to check that the model is pulled. */
  public OllamaDeployment(
      DeploymentSettings settings, CatalogEntry entry, OllamaManagement management) {
    super(
        settings,
        entry,
        OllamaChatModel.builder()
            .maxRetries(0) // the router retries elsewhere; a local retry would hide the failure
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(settings.base())
            .modelName(settings.model())
            .timeout(settings.timeout())
            .build(),
        OllamaStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(settings.base())
            .modelName(settings.model())
            .timeout(settings.timeout())
            .build());
    this.management = management;
    this.capabilities = new OllamaCapabilities(management);
  }

  /**
   * {@code request} with Ollama's {@code num_ctx} (the context, in tokens, the model is loaded
   * with), which this deployment sends in the request's options; other providers never see it.
   */
  public static ChatRequest withContextLength(ChatRequest request, int tokens) {
    return OllamaRequests.withContextLength(request, tokens);
  }

  @Override
  public Optional<Refusal> refuses(ChatRequest request) {
    Optional<Refusal> refused = OllamaRequests.refusal(request, settings.model());
    return refused.isPresent() ? refused : capabilities.refusal(request, settings.model());
  }

  @Override
  protected ChatRequest adapt(ChatRequest request) {
    return OllamaRequests.adapt(request);
  }

  @Override
  public Readiness ready() {
    try {
      boolean pulled =
          management.list().stream()
              .anyMatch(m -> OllamaManager.sameTag(m.name(), settings.model()));
      return pulled
          ? Readiness.up("Ollama at " + settings.base() + " has " + settings.model())
          : Readiness.down(
              "Ollama at " + settings.base() + " answers but has not pulled " + settings.model());
    } catch (RuntimeException e) {
      // the management already translated a failed call: its message says what went wrong
      return Readiness.down("Ollama at " + settings.base() + ": " + e.getMessage());
    }
  }
}
