package org.llmadvisor.core.cost;

import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;

/** A device and how it is paid for. */
public record HardwareOption(
    Hardware hardware,
    Acquisition acquisition,
    Optional<Double> purchaseUsd,
    Optional<Double> usdPerHour) {

  public String id() {
    return hardware.id()
        + (acquisition == Acquisition.OWNED
            ? ""
            : ":" + acquisition.name().toLowerCase(java.util.Locale.ROOT));
  }
}
