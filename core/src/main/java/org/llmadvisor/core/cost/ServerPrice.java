package org.llmadvisor.core.cost;

import static org.llmadvisor.core.units.Wording.f;

import java.util.Optional;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.hardware.Hardware;

/**
 * What one server of a fleet costs: to buy (its devices and a host that takes that many), or to
 * rent by the hour (the cheapest instance with that many GPUs).
 *
 * @param usd the purchase price of one server (buy, owned), or its price per hour (rent)
 * @param words how the price is made up, for the cost basis
 */
public record ServerPrice(Acquisition acquisition, int devices, double usd, String words) {

  /**
   * The price of a server with {@code devices} of the option's hardware, or empty when it cannot be
   * had: more than one Apple chip or CPU, no host in the catalog for that many GPUs, no instance
   * with that many GPUs to rent, or more owned devices than the team has.
   */
  public static Optional<ServerPrice> of(HardwareOption option, int devices, Ownership own) {
    Hardware hw = option.hardware();
    if (devices < 1
        || devices > 1 && hw.kind() != Hardware.Kind.GPU
        || own.maxPerServer(hw.id()).orElse(Integer.MAX_VALUE) < devices) {
      return Optional.empty();
    }
    return switch (option.acquisition()) {
      case OWNED ->
          devices <= option.count()
              ? Optional.of(
                  new ServerPrice(
                      Acquisition.OWNED,
                      devices,
                      devices * option.purchaseUsd().orElse(0.0),
                      devices == 1 ? hw.name() + " owned" : f("%d x %s owned", devices, hw.name())))
              : Optional.empty();
      case BUY -> {
        if (option.purchaseUsd().isEmpty()) {
          yield Optional.empty();
        }
        double device = option.purchaseUsd().get();
        if (hw.kind() != Hardware.Kind.GPU) {
          yield Optional.of(
              new ServerPrice(Acquisition.BUY, 1, device, f("%s at $%,.0f", hw.name(), device)));
        }
        yield own.host(devices)
            .map(
                h ->
                    new ServerPrice(
                        Acquisition.BUY,
                        devices,
                        devices * device + h.usd(),
                        f(
                            "%d x %s at $%,.0f plus $%,.0f for a host that takes %d",
                            devices, hw.name(), device, h.usd(), h.gpus())));
      }
      case RENT -> {
        if (devices == 1 && option.usdPerHour().isPresent()) {
          yield Optional.of(
              new ServerPrice(
                  Acquisition.RENT,
                  1,
                  option.usdPerHour().get(),
                  f("1 x %s at $%.2f an hour", hw.name(), option.usdPerHour().get())));
        }
        yield own.cheapestRental(hw.id(), devices)
            .map(
                r ->
                    new ServerPrice(
                        Acquisition.RENT,
                        devices,
                        r.usdPerHour(),
                        f(
                            "%s %s (%d x %s) at $%.2f an hour",
                            r.offer().provider(),
                            r.offer().instance(),
                            devices,
                            hw.name(),
                            r.usdPerHour())));
      }
    };
  }
}
