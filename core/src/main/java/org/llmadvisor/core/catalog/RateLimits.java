package org.llmadvisor.core.catalog;

import java.util.Optional;

/** A cloud account's limits for one model at one usage tier. */
public record RateLimits(
    String tier, Optional<Long> requestsPerMinute, Optional<Long> tokensPerMinute, String source) {}
