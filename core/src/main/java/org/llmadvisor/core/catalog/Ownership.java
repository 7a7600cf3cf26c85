package org.llmadvisor.core.catalog;

import java.util.Map;

/**
 * What owning or renting hardware costs, from {@code catalog/ownership.json}.
 *
 * @param purchaseUsd hardware id → purchase price of the device
 * @param rentalUsdPerHour hardware id → on-demand rental price per hour
 */
public record Ownership(
    double electricityUsdPerKwh,
    int amortizationMonths,
    double hostSystemUsd,
    double hostLoadWatts,
    double idleWatts,
    double operationsUsdPerMonth,
    Map<String, Double> purchaseUsd,
    Map<String, Double> rentalUsdPerHour) {

  public Ownership {
    purchaseUsd = Map.copyOf(purchaseUsd);
    rentalUsdPerHour = Map.copyOf(rentalUsdPerHour);
  }
}
