package org.llmadvisor.providers.vllm;

import dev.langchain4j.model.chat.request.ChatRequest;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.SettingsDeployment;
import org.llmadvisor.providers.openai.OpenAiClients;
import org.llmadvisor.providers.openai.OpenAiRequests;

/**
 * A model served by vLLM's OpenAI-compatible server ({@code vllm serve}), spoken to with
 * langchain4j's OpenAI client at {@code <base-url>/v1}.
 *
 * <p>vLLM takes OpenAI's chat completions request as OpenAI does (tools, {@code tool_choice},
 * {@code response_format}, images, {@code stream_options.include_usage}), so a request is mapped
 * exactly as for OpenAI ({@link OpenAiRequests}). It is not a reasoning model in OpenAI's sense:
 * {@code max_tokens} bounds the answer, which every vLLM release accepts. {@code reasoning_effort}
 * is passed on rather than refused, since vLLM hands it to the model's chat template (gpt-oss and
 * other reasoning models use it; the others ignore it).
 *
 * <p>The key is optional: vLLM checks {@code Authorization: Bearer} on {@code /v1} only when it was
 * started with {@code --api-key}; without a configured key no such header is sent. The model is the
 * name vLLM serves it under ({@code --served-model-name}, by default the Hugging Face repository).
 * It runs on the team's own servers, so a call is metered as any local deployment's: tokens and
 * time, no price per token.
 */
public final class VllmDeployment extends SettingsDeployment {

  private final VllmModels models;

  public VllmDeployment(DeploymentSettings settings, CatalogEntry entry) {
    super(
        settings,
        entry,
        OpenAiClients.chat(apiBase(settings), settings.apiKey().orElse(null), settings),
        OpenAiClients.streaming(apiBase(settings), settings.apiKey().orElse(null), settings));
    this.models = new VllmModels(apiBase(settings), settings.apiKey(), settings.timeout());
  }

  /**
   * The server's {@code /v1}: {@code base-url} is the server's root as vLLM prints it ({@code
   * http://host:8000}); one already ending in {@code /v1}, as OpenAI clients are configured, is
   * taken as it is.
   */
  static String apiBase(DeploymentSettings s) {
    String base = s.base();
    return base.endsWith("/v1") ? base : base + "/v1";
  }

  @Override
  protected ChatRequest adapt(ChatRequest request) {
    return OpenAiRequests.adapt(request, false);
  }

  /** Ready when the server's {@code GET /v1/models} lists the configured model. */
  @Override
  public Readiness ready() {
    return models.readiness(settings.model());
  }
}
