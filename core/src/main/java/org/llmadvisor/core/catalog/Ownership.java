package org.llmadvisor.core.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What owning or renting hardware costs, from {@code catalog/ownership.json}.
 *
 * @param hostSystemUsd a host machine for one GPU
 * @param purchaseUsd hardware id → purchase price of the device (for an Apple chip, the whole Mac)
 * @param rentalUsdPerHour hardware id → on-demand price per hour of one such GPU alone
 * @param hosts host machines for more GPUs than one, by the number of GPUs they take
 * @param rentalOffers instances a cloud or GPU marketplace rents by the hour, with their GPU count
 * @param maxPerServer hardware id → the most of that GPU a host takes, where a catalog row says so
 */
public record Ownership(
    double electricityUsdPerKwh,
    int amortizationMonths,
    double hostSystemUsd,
    double hostLoadWatts,
    double idleWatts,
    double operationsUsdPerMonth,
    Map<String, Double> purchaseUsd,
    Map<String, Double> rentalUsdPerHour,
    List<HostSystem> hosts,
    List<RentalOffer> rentalOffers,
    Map<String, Integer> maxPerServer) {

  /**
   * A host machine that takes up to {@code gpus} GPUs (board, CPUs, RAM, power supplies, chassis).
   */
  public record HostSystem(int gpus, double usd, String source) {
    public HostSystem {
      if (gpus < 1) {
        throw new IllegalArgumentException("gpus must be >= 1, was " + gpus);
      }
      if (!(usd >= 0)) {
        throw new IllegalArgumentException("usd must be >= 0, was " + usd);
      }
    }
  }

  /**
   * An instance type rented on demand.
   *
   * @param gpus GPUs in one instance; for a marketplace that rents GPUs singly, 1
   * @param maxGpus the most GPUs one machine of a per-GPU offer takes ({@code usdPerHour} × count);
   *     equal to {@code gpus} for a fixed instance type
   * @param usdPerHour price of one instance per hour
   */
  public record RentalOffer(
      String id,
      String provider,
      String instance,
      String hardwareId,
      int gpus,
      int maxGpus,
      double usdPerHour,
      String source,
      String retrieved) {
    public RentalOffer {
      if (gpus < 1 || maxGpus < gpus) {
        throw new IllegalArgumentException(
            "gpus must be >= 1 and maxGpus >= gpus, was " + gpus + " and " + maxGpus);
      }
      if (!(usdPerHour > 0)) {
        throw new IllegalArgumentException("usdPerHour must be > 0, was " + usdPerHour);
      }
    }

    /** Price per hour of a machine with {@code devices} GPUs, if this offer has one. */
    public Optional<Double> usdPerHour(int devices) {
      if (devices == gpus) {
        return Optional.of(usdPerHour);
      }
      if (gpus == 1 && devices <= maxGpus) {
        return Optional.of(usdPerHour * devices);
      }
      return Optional.empty();
    }
  }

  public Ownership {
    purchaseUsd = Map.copyOf(purchaseUsd);
    rentalUsdPerHour = Map.copyOf(rentalUsdPerHour);
    hosts = hosts.stream().sorted(Comparator.comparingInt(HostSystem::gpus)).toList();
    rentalOffers = List.copyOf(rentalOffers);
    maxPerServer = Map.copyOf(maxPerServer);
  }

  /** Single-GPU hosts and no rental instances: the shape of the catalog before fleets. */
  public Ownership(
      double electricityUsdPerKwh,
      int amortizationMonths,
      double hostSystemUsd,
      double hostLoadWatts,
      double idleWatts,
      double operationsUsdPerMonth,
      Map<String, Double> purchaseUsd,
      Map<String, Double> rentalUsdPerHour) {
    this(
        electricityUsdPerKwh,
        amortizationMonths,
        hostSystemUsd,
        hostLoadWatts,
        idleWatts,
        operationsUsdPerMonth,
        purchaseUsd,
        rentalUsdPerHour,
        List.of(),
        List.of(),
        Map.of());
  }

  /**
   * The cheapest host for {@code gpus} GPUs: for one, {@link #hostSystemUsd()}; for more, the
   * smallest host row that takes that many.
   */
  public Optional<HostSystem> host(int gpus) {
    if (gpus == 1) {
      return Optional.of(new HostSystem(1, hostSystemUsd, "hostSystemUsd"));
    }
    return hosts.stream().filter(h -> h.gpus() >= gpus).findFirst();
  }

  /** The most GPUs any host row takes; 1 when the catalog lists no multi-GPU host. */
  public int largestHost() {
    return hosts.stream().mapToInt(HostSystem::gpus).max().orElse(1);
  }

  public OptionalInt maxPerServer(String hardwareId) {
    Integer v = maxPerServer.get(hardwareId);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  /** The cheapest rental of a machine with {@code devices} GPUs of this hardware. */
  public Optional<Rental> cheapestRental(String hardwareId, int devices) {
    Rental best = null;
    for (RentalOffer o : rentalOffers) {
      if (!o.hardwareId().equalsIgnoreCase(hardwareId)) {
        continue;
      }
      Optional<Double> rate = o.usdPerHour(devices);
      if (rate.isPresent() && (best == null || rate.get() < best.usdPerHour())) {
        best = new Rental(o, devices, rate.get());
      }
    }
    return Optional.ofNullable(best);
  }

  /** A machine rented from an offer: the offer, how many GPUs, and the price per hour. */
  public record Rental(RentalOffer offer, int devices, double usdPerHour) {}
}
