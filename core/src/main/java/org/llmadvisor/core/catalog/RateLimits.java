package org.llmadvisor.core.catalog;

import java.util.Optional;

/**
 * A cloud account's limits for one model at one usage tier: OpenAI's usage tiers ("Tier 1" to "Tier
 * 5", granted as an account's payments grow) or an Azure OpenAI subscription's default quota per
 * region and deployment type ("Default", "Enterprise & MCA-E"). A limit that is not published is
 * empty and is not checked.
 *
 * @param requestsPerMinute requests a minute the tier allows, when published
 * @param tokensPerMinute prompt and output tokens a minute the tier allows, when published
 * @param retrieved when the figures were read from {@code source}, empty for older rows
 */
public record RateLimits(
    String tier,
    Optional<Long> requestsPerMinute,
    Optional<Long> tokensPerMinute,
    String source,
    Optional<String> retrieved) {

  public RateLimits(
      String tier,
      Optional<Long> requestsPerMinute,
      Optional<Long> tokensPerMinute,
      String source) {
    this(tier, requestsPerMinute, tokensPerMinute, source, Optional.empty());
  }

  /**
   * Whether a peak of this many requests and tokens a minute stays within every published limit.
   */
  public boolean allows(double requestsPerMinute, double tokensPerMinute) {
    return this.requestsPerMinute.map(l -> requestsPerMinute <= l).orElse(true)
        && this.tokensPerMinute.map(l -> tokensPerMinute <= l).orElse(true);
  }
}
