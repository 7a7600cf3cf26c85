package org.llmadvisor.providers;

import java.util.Optional;

/**
 * What the catalog knows of a deployment: its price and, where published, its speed and quality.
 *
 * @param zeroMarginalCost a local model on owned hardware: a call costs nothing extra
 * @param inputUsdPerMillion price of prompt tokens (0 for local)
 * @param outputUsdPerMillion price of generated tokens (0 for local)
 */
public record CatalogEntry(
    boolean zeroMarginalCost,
    double inputUsdPerMillion,
    double outputUsdPerMillion,
    Optional<Double> timeToFirstTokenSeconds,
    Optional<Double> outputTokensPerSecond,
    Optional<Double> quality,
    String source) {

  public static CatalogEntry local(String source) {
    return new CatalogEntry(
        true, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), source);
  }

  public static CatalogEntry unknown() {
    return new CatalogEntry(
        false,
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "not in the catalog: cost not known");
  }
}
