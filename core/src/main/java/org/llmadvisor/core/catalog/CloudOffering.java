package org.llmadvisor.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A model sold per token by a cloud provider.
 *
 * @param provider {@code openai} or {@code azure-openai}
 * @param timeToFirstTokenSeconds measured median time to first token, when published
 * @param outputTokensPerSecond measured median output speed, when published
 * @param rateLimits the limits at the lowest tier, as older catalog rows give them
 * @param retiredOn the date the provider shut the model down, when it has
 * @param rateLimitTiers the limits at every published tier, lowest first; empty when the row gives
 *     only {@code rateLimits}
 * @param reasoning a reasoning model (o-series, GPT-5): its output bound is {@code
 *     max_completion_tokens}, since it spends hidden reasoning tokens against it, and it takes
 *     {@code reasoning_effort}
 * @param reasoningSource where the row's {@code reasoning} comes from; present when it is true
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
    String note,
    List<RateLimits> rateLimitTiers,
    boolean reasoning,
    Optional<String> reasoningSource) {

  public CloudOffering {
    rateLimitTiers = List.copyOf(rateLimitTiers);
  }

  /** The tiers the advisor checks, lowest first: the published tiers, else the one row limit. */
  public List<RateLimits> tiers() {
    return !rateLimitTiers.isEmpty() ? rateLimitTiers : rateLimits.map(List::of).orElse(List.of());
  }

  public String providerName() {
    return provider.equals("azure-openai") ? "Azure OpenAI" : "OpenAI";
  }
}
