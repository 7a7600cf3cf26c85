package org.llmadvisor.core.cost;

import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;

/**
 * A device and how it is paid for.
 *
 * @param count how many of the device the team owns; 1 for a device to buy or rent, whose count the
 *     advisor chooses
 */
public record HardwareOption(
    Hardware hardware,
    Acquisition acquisition,
    Optional<Double> purchaseUsd,
    Optional<Double> usdPerHour,
    int count) {

  public HardwareOption {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
  }

  /** One device, or a device to buy or rent. */
  public HardwareOption(
      Hardware hardware,
      Acquisition acquisition,
      Optional<Double> purchaseUsd,
      Optional<Double> usdPerHour) {
    this(hardware, acquisition, purchaseUsd, usdPerHour, 1);
  }

  public String id() {
    return hardware.id()
        + (acquisition == Acquisition.OWNED
            ? ""
            : ":" + acquisition.name().toLowerCase(java.util.Locale.ROOT));
  }
}
