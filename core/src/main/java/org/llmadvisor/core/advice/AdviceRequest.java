package org.llmadvisor.core.advice;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.workload.Workload;

/**
 * What the team needs.
 *
 * @param hardware devices to consider (owned, to buy, to rent); empty means every device in the
 *     catalog with a purchase or rental price
 * @param allowRentedHardware include hourly rentals when {@code hardware} is empty
 * @param cloudOfferings consider the cloud offerings too; false answers "what runs on these
 *     devices"
 */
public record AdviceRequest(
    Workload workload,
    double latencyTargetMs,
    LatencyTarget latencyTarget,
    Optional<Double> monthlyBudgetUsd,
    Optional<Double> qualityFloor,
    boolean dataMustStayLocal,
    List<HardwareOption> hardware,
    boolean allowRentedHardware,
    boolean cloudOfferings) {

  /** Devices and the cloud offerings. */
  public AdviceRequest(
      Workload workload,
      double latencyTargetMs,
      LatencyTarget latencyTarget,
      Optional<Double> monthlyBudgetUsd,
      Optional<Double> qualityFloor,
      boolean dataMustStayLocal,
      List<HardwareOption> hardware,
      boolean allowRentedHardware) {
    this(
        workload,
        latencyTargetMs,
        latencyTarget,
        monthlyBudgetUsd,
        qualityFloor,
        dataMustStayLocal,
        hardware,
        allowRentedHardware,
        true);
  }

  public AdviceRequest {
    hardware = List.copyOf(hardware);
    if (!(latencyTargetMs > 0) || !Double.isFinite(latencyTargetMs)) {
      throw new IllegalArgumentException("latencyTargetMs must be > 0, was " + latencyTargetMs);
    }
  }
}
