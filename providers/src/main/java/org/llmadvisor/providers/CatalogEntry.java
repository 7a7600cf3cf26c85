package org.llmadvisor.providers;

import java.util.Optional;
import org.llmadvisor.core.cost.TokenPrice;

/**
 * What the catalog knows of a deployment: its price and, where published, its speed and quality.
 *
 * @param zeroMarginalCost a local model on owned hardware: a call costs nothing extra
 * @param price per million prompt and generated tokens ({@link TokenPrice#FREE} for local)
 */
public record CatalogEntry(
    boolean zeroMarginalCost,
    TokenPrice price,
    Optional<Double> timeToFirstTokenSeconds,
    Optional<Double> outputTokensPerSecond,
    Optional<Double> quality,
    String source) {

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
