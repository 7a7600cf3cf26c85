package org.llmadvisor.core.advice;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.cost.ServerPrice;
import org.llmadvisor.core.sizing.Sizing;

/**
 * The fewest devices per server that hold the whole model: more only add memory, not speed. One
 * device when it holds the model or when the hardware is owned (the team has the one device);
 * otherwise the first count tried that a host or an instance takes and that holds it, else one.
 */
final class DeviceCountSearch {

  /** A server's sizing and its price. */
  record Choice(Sizing sizing, ServerPrice price) {}

  private final List<Integer> multiDevice;

  /**
   * @param multiDevice devices per server tried, in order, when the model does not fit on one
   */
  DeviceCountSearch(List<Integer> multiDevice) {
    this.multiDevice = List.copyOf(multiDevice);
  }

  /**
   * @param size the sizing of a server with that many devices
   */
  Choice fewest(HardwareOption option, Ownership own, IntFunction<Sizing> size) {
    ServerPrice price =
        ServerPrice.of(option, 1, own)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        option.id() + " has no purchase price or hourly rate to price it by"));
    Sizing one = size.apply(1);
    if (one.memory().fits() || option.acquisition() == Acquisition.OWNED) {
      return new Choice(one, price);
    }
    long weights = one.memory().weights().bytes();
    for (int d : multiDevice) {
      Optional<ServerPrice> p = ServerPrice.of(option, d, own);
      // the weights alone tell, without sizing, that too few devices cannot hold them
      if (p.isEmpty() || weights > d * one.memory().deviceCapacity().bytes()) {
        continue;
      }
      Sizing sd = size.apply(d);
      if (sd.memory().fits()) {
        return new Choice(sd, p.get());
      }
    }
    return new Choice(one, price);
  }
}
