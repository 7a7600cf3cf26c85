package org.llmadvisor.core.catalog;

import java.util.Optional;

/**
 * A model sold per token by a cloud provider.
 *
 * @param provider {@code openai} or {@code azure-openai}
 * @param timeToFirstTokenSeconds measured median time to first token, when published
 * @param outputTokensPerSecond measured median output speed, when published
 * @param retiredOn the date the provider shut the model down, when it has
 */
public record CloudOffering(
    String id,
    String provider,
    String model,
    double inputUsdPerMillion,
    double outputUsdPerMillion,
    String priceDate,
    String priceSource,
    long contextWindow,
    long maxOutputTokens,
    Optional<Double> timeToFirstTokenSeconds,
    Optional<Double> outputTokensPerSecond,
    String speedSource,
    Optional<RateLimits> rateLimits,
    Optional<Quality> quality,
    Optional<String> retiredOn,
    String note) {

  public String providerName() {
    return provider.equals("azure-openai") ? "Azure OpenAI" : "OpenAI";
  }
}
