package org.llmadvisor.providers;

import java.util.Optional;
import org.llmadvisor.core.cost.TokenPrice;

/**
 * What the catalog knows of a deployment: its price and, where published, its speed and quality.
 *
 * @param zeroMarginalCost a local model on owned hardware: a call costs nothing extra
 * @param price per million prompt and generated tokens ({@link TokenPrice#FREE} for local)
 * @param reasoning a reasoning model: it takes {@code reasoning_effort} and bounds its output with
 *     {@code max_completion_tokens}, refusing {@code max_tokens}
 */
public record CatalogEntry(
    boolean zeroMarginalCost,
    TokenPrice price,
    Optional<Double> timeToFirstTokenSeconds,
    Optional<Double> outputTokensPerSecond,
    Optional<Double> quality,
    String source,
    boolean reasoning) {

  public CatalogEntry(
      boolean zeroMarginalCost,
      TokenPrice price,
      Optional<Double> timeToFirstTokenSeconds,
      Optional<Double> outputTokensPerSecond,
      Optional<Double> quality,
      String source) {
    this(
        zeroMarginalCost,
        price,
        timeToFirstTokenSeconds,
        outputTokensPerSecond,
        quality,
        source,
        false);
  }

  public static CatalogEntry local(String source) {
    return new CatalogEntry(
        true, TokenPrice.FREE, Optional.empty(), Optional.empty(), Optional.empty(), source);
  }

  public static CatalogEntry unknown() {
    return new CatalogEntry(
        false,
        TokenPrice.FREE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "not in the catalog: cost not known");
  }
}
