package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one deployment: {@code advisor.deployments.<id>.*}.
 *
 * @param id the name users and the router call it by
 * @param baseUrl the provider's root: {@code http://localhost:11434} for Ollama, {@code
 *     https://api.openai.com/v1} for OpenAI, {@code https://<resource>.openai.azure.com} for Azure,
 *     {@code http://<server>:8000} for vLLM; several roots separated by commas are replicas of one
 *     deployment (see {@link #replicaUrls()})
 * @param model the Ollama tag, the OpenAI model, the Azure deployment name, or the name vLLM serves
 *     the model under ({@code --served-model-name}, by default its Hugging Face repository)
 * @param apiKey secret; never printed (see {@link #toString()}); optional for vLLM (its {@code
 *     --api-key}) and Ollama
 * @param apiVersion Azure only: selects the {@code /openai/deployments} endpoint with this
 *     api-version; absent means the {@code /openai/v1} endpoint
 * @param hardware a hardware catalog id, for local deployments
 * @param timeout per request
 */
public record DeploymentSettings(
    String id,
    ProviderType provider,
    String baseUrl,
    String model,
    Optional<String> apiKey,
    Optional<String> apiVersion,
    Optional<String> hardware,
    Duration timeout) {

  public DeploymentSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
    apiVersion = apiVersion == null ? Optional.empty() : apiVersion.filter(v -> !v.isBlank());
    hardware = hardware == null ? Optional.empty() : hardware;
    timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
  }

  /**
   * The replicas' base URLs, each without a trailing slash, in the order given: {@code baseUrl}
   * split at commas, blanks dropped. Empty when no base URL is set (OpenAI's default).
   */
  public List<String> replicaUrls() {
    if (baseUrl == null) {
      return List.of();
    }
    return Arrays.stream(baseUrl.split(","))
        .map(String::strip)
        .filter(u -> !u.isEmpty())
        .map(u -> u.replaceAll("/+$", ""))
        .toList();
  }

  /** These settings for one replica: the same deployment at {@code url}. */
  public DeploymentSettings withBaseUrl(String url) {
    return new DeploymentSettings(id, provider, url, model, apiKey, apiVersion, hardware, timeout);
  }

  /** Base URL with no trailing slash. */
  public String base() {
    return baseUrl == null ? "" : baseUrl.replaceAll("/+$", "");
  }

  @Override
  public String toString() {
    return "DeploymentSettings[id="
        + id
        + ", provider="
        + provider.key()
        + ", baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isPresent() ? "***" : "none")
        + ", apiVersion="
        + apiVersion.orElse("none")
        + ", hardware="
        + hardware.orElse("none")
        + ", timeout="
        + timeout
        + "]";
  }
}
