package org.llmadvisor.core.cost;

import static org.llmadvisor.core.units.Wording.f;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.Workload;

/** Monthly cost of a workload in the cloud (per token) or on local hardware (fixed + energy). */
public final class CostModel {

  /** Hours in an average month (24 × 365.25 / 12). */
  public static final double HOURS_PER_MONTH = 24 * Workload.DAYS_PER_MONTH;

  private CostModel() {}

  public static CostBreakdown cloud(CloudOffering o, Workload w) {
    double perRequest =
        TokenPrice.of(o.inputUsdPerMillion(), o.outputUsdPerMillion())
            .costOf(BigDecimal.valueOf(w.input().mean()), BigDecimal.valueOf(w.output().mean()))
            .doubleValue();
    double monthly = perRequest * w.requestsPerMonth();
    List<String> basis = new ArrayList<>();
    basis.add(
        f(
            "%,.0f requests a month x (%,.0f input tokens x $%.2f + %,.0f output tokens x $%.2f per million) = $%,.2f a month (%s list price of %s).",
            w.requestsPerMonth(),
            w.input().mean(),
            o.inputUsdPerMillion(),
            w.output().mean(),
            o.outputUsdPerMillion(),
            monthly,
            o.providerName(),
            o.priceDate()));
    return new CostBreakdown(monthly, 0, perRequest, 0, 0, 0, perMillion(monthly, w), basis);
  }

  /**
   * @param busySecondsPerRequest how long a request keeps the device working (prompt processing
   *     plus its share of batched generation)
   */
  public static CostBreakdown local(
      HardwareOption option, Workload w, double busySecondsPerRequest, Ownership own) {
    Hardware hw = option.hardware();
    List<String> basis = new ArrayList<>();
    double hardware = 0;
    switch (option.acquisition()) {
      case RENT -> {
        double rate =
            option
                .usdPerHour()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "usdPerHour is required to rent " + hw.name()));
        hardware = rate * HOURS_PER_MONTH;
        basis.add(
            f(
                "Rent: $%.2f an hour x %.0f hours (on around the clock) = $%,.2f a month; power included.",
                rate, HOURS_PER_MONTH, hardware));
      }
      case BUY -> {
        double device =
            option
                .purchaseUsd()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "purchaseUsd is required to buy " + hw.name()));
        double host = hw.kind() == Hardware.Kind.GPU ? own.hostSystemUsd() : 0;
        hardware = (device + host) / own.amortizationMonths();
        // the parts and their sum once each: "$549 for the card plus $1,200 for a host = $1,749"
        basis.add(
            f(
                "Buy: $%,.0f for the %s%s, spread over %d months = $%,.2f a month.",
                device,
                hw.name(),
                host > 0 ? f(" plus $%,.0f for a host machine = $%,.0f", host, device + host) : "",
                own.amortizationMonths(),
                hardware));
      }
      case OWNED -> {
        if (option.purchaseUsd().isPresent()) {
          hardware = option.purchaseUsd().get() / own.amortizationMonths();
          basis.add(
              f(
                  "Owned: $%,.0f spread over %d months = $%,.2f a month.",
                  option.purchaseUsd().get(), own.amortizationMonths(), hardware));
        } else {
          basis.add("Owned: no purchase price given, so no hardware cost is counted (sunk cost).");
        }
      }
    }
    double energyFixed = 0;
    double energyPerRequest = 0;
    if (option.acquisition() != Acquisition.RENT) {
      double loadWatts = hw.tdpWatts().orElse(0.0) + own.hostLoadWatts();
      double idleWatts = own.idleWatts();
      energyFixed = idleWatts * HOURS_PER_MONTH / 1000 * own.electricityUsdPerKwh();
      energyPerRequest =
          Math.max(0, loadWatts - idleWatts)
              * busySecondsPerRequest
              / 3.6e6
              * own.electricityUsdPerKwh();
      double busyHoursPerDay = Math.min(24, w.requestsPerDay() * busySecondsPerRequest / 3600);
      basis.add(
          f(
              "Energy: %.0f W idle around the clock, %.0f W (%s) while busy %.1f hours a day at $%.3f per kWh = $%,.2f a month.",
              idleWatts,
              loadWatts,
              hw.tdpWatts().isPresent()
                  ? f("%.0f W board power + %.0f W host", hw.tdpWatts().get(), own.hostLoadWatts())
                  : "no published board power; host only",
              busyHoursPerDay,
              own.electricityUsdPerKwh(),
              energyFixed + energyPerRequest * w.requestsPerMonth()));
    }
    double ops = own.operationsUsdPerMonth();
    if (ops > 0) {
      basis.add(f("Operations: $%,.2f a month.", ops));
    }
    return breakdown(hardware, energyFixed, energyPerRequest, ops, w, basis);
  }

  /**
   * Monthly cost of a fleet: {@code shape.replicas()} servers at {@code server}'s price, each idle
   * around the clock and busy for the requests the balancer sends it. One server with one device
   * costs what {@link #local} says.
   *
   * @param busySecondsPerRequest how long a request keeps its server working
   */
  public static CostBreakdown fleet(
      HardwareOption option,
      ServerPrice server,
      DeploymentShape shape,
      Workload w,
      double busySecondsPerRequest,
      Ownership own) {
    if (shape.isSingle()) {
      return local(
          server.acquisition() == Acquisition.RENT
              ? new HardwareOption(
                  option.hardware(), Acquisition.RENT, Optional.empty(), Optional.of(server.usd()))
              : option,
          w,
          busySecondsPerRequest,
          own);
    }
    Hardware hw = option.hardware();
    int n = shape.replicas();
    List<String> basis = new ArrayList<>();
    double hardware;
    if (server.acquisition() == Acquisition.RENT) {
      hardware = n * server.usd() * HOURS_PER_MONTH;
      basis.add(
          f(
              "Rent %d x %s: %d x $%.2f an hour x %.0f hours (on around the clock) = $%,.2f a month; power included.",
              n, server.words(), n, server.usd(), HOURS_PER_MONTH, hardware));
    } else if (server.acquisition() == Acquisition.OWNED && server.usd() == 0) {
      hardware = 0;
      basis.add(
          f(
              "Owned: %s, each %s; no purchase price given, so no hardware cost is counted (sunk cost).",
              Wording.count(n, "server"), server.words()));
    } else {
      hardware = n * server.usd() / own.amortizationMonths();
      basis.add(
          f(
              "%s %s, each %s = $%,.0f, spread over %d months = $%,.2f a month.",
              server.acquisition() == Acquisition.BUY ? "Buy" : "Owned:",
              Wording.count(n, "server"),
              server.words(),
              server.usd(),
              own.amortizationMonths(),
              hardware));
    }
    double energyFixed = 0;
    double energyPerRequest = 0;
    if (server.acquisition() != Acquisition.RENT) {
      double board = hw.tdpWatts().orElse(0.0) * shape.devicesPerServer();
      double loadWatts = board + own.hostLoadWatts();
      double idleWatts = own.idleWatts();
      energyFixed = n * idleWatts * HOURS_PER_MONTH / 1000 * own.electricityUsdPerKwh();
      energyPerRequest =
          Math.max(0, loadWatts - idleWatts)
              * busySecondsPerRequest
              / 3.6e6
              * own.electricityUsdPerKwh();
      double busyHoursPerDay = Math.min(24, w.requestsPerDay() * busySecondsPerRequest / 3600 / n);
      basis.add(
          f(
              "Energy: %s, each %.0f W idle around the clock, %.0f W (%s) while busy %.1f hours a day at $%.3f per kWh = $%,.2f a month.",
              Wording.count(n, "server"),
              idleWatts,
              loadWatts,
              hw.tdpWatts().isPresent()
                  ? f(
                      "%d x %.0f W board power + %.0f W host",
                      shape.devicesPerServer(), hw.tdpWatts().get(), own.hostLoadWatts())
                  : "no published board power; host only",
              busyHoursPerDay,
              own.electricityUsdPerKwh(),
              energyFixed + energyPerRequest * w.requestsPerMonth()));
    }
    double ops = own.operationsUsdPerMonth() * n;
    if (ops > 0) {
      basis.add(
          f(
              "Operations: %s x $%,.2f = $%,.2f a month.",
              Wording.count(n, "server"), own.operationsUsdPerMonth(), ops));
    }
    return breakdown(hardware, energyFixed, energyPerRequest, ops, w, basis);
  }

  /**
   * Monthly requests at which two options cost the same, or empty when one is cheaper at every
   * volume.
   */
  public static OptionalDouble breakEven(CostBreakdown a, CostBreakdown b) {
    double dv = a.usdPerRequest() - b.usdPerRequest();
    double df = b.fixedMonthlyUsd() - a.fixedMonthlyUsd();
    if (Math.abs(dv) < 1e-15) {
      return OptionalDouble.empty();
    }
    double v = df / dv;
    return v > 0 && Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
  }

  private static double perMillion(double monthly, Workload w) {
    return monthly / w.tokensPerMonth() * 1e6;
  }

  /** The month's total from its fixed parts and the energy each request adds. */
  private static CostBreakdown breakdown(
      double hardware,
      double energyFixed,
      double energyPerRequest,
      double ops,
      Workload w,
      java.util.List<String> basis) {
    double fixed = hardware + energyFixed + ops;
    double monthly = fixed + energyPerRequest * w.requestsPerMonth();
    return new CostBreakdown(
        monthly,
        fixed,
        energyPerRequest,
        hardware,
        energyFixed + energyPerRequest * w.requestsPerMonth(),
        ops,
        perMillion(monthly, w),
        basis);
  }
}
