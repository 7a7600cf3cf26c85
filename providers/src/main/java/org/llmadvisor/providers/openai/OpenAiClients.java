package org.llmadvisor.providers.openai;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.http.ProviderHttpClient;

/**
 * langchain4j's OpenAI clients as every server speaking OpenAI's chat completions with a bearer key
 * is called here (OpenAI itself, vLLM): on the gateway's transport, the deployment's model and
 * timeout, and no retry of the client's own.
 */
public final class OpenAiClients {

  private OpenAiClients() {}

  /**
   * @param baseUrl the URL langchain4j appends {@code /chat/completions} to
   * @param apiKey sent as {@code Authorization: Bearer}; null sends no such header
   */
  public static OpenAiChatModel chat(String baseUrl, String apiKey, DeploymentSettings s) {
    return OpenAiChatModel.builder()
        .httpClientBuilder(ProviderHttpClient.builder())
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .modelName(s.model())
        .timeout(s.timeout())
        .maxRetries(0) // the router falls back instead; a hidden retry would only add latency
        .build();
  }

  /** The streaming twin of {@link #chat}. */
  public static OpenAiStreamingChatModel streaming(
      String baseUrl, String apiKey, DeploymentSettings s) {
    return OpenAiStreamingChatModel.builder()
        .httpClientBuilder(ProviderHttpClient.builder())
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .modelName(s.model())
        .timeout(s.timeout())
        .build();
  }
}
