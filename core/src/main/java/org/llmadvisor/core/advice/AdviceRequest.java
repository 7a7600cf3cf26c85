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
 * @param rateLimitTier the cloud account's rate-limit tier by the name the catalog gives it ("Tier
 *     3" for an OpenAI account, "Enterprise & MCA-E" for an Azure subscription); empty, or a name
 *     an offering does not publish, means that offering's lowest tier (OpenAI's Tier 1, Azure's
 *     Default), where a new account starts
 * @param compareWith the cloud offering (its id, as {@code openai/gpt-4o-mini}) the break-even is
 *     drawn against; empty means the best-ranked cloud candidate
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
    boolean cloudOfferings,
    Optional<String> rateLimitTier,
    Optional<String> compareWith) {

  /** Break-even against the best-ranked cloud candidate. */
  public AdviceRequest(
      Workload workload,
      double latencyTargetMs,
      LatencyTarget latencyTarget,
      Optional<Double> monthlyBudgetUsd,
      Optional<Double> qualityFloor,
      boolean dataMustStayLocal,
      List<HardwareOption> hardware,
      boolean allowRentedHardware,
      boolean cloudOfferings,
      Optional<String> rateLimitTier) {
    this(
        workload,
        latencyTargetMs,
        latencyTarget,
        monthlyBudgetUsd,
        qualityFloor,
        dataMustStayLocal,
        hardware,
        allowRentedHardware,
        cloudOfferings,
        rateLimitTier,
        Optional.empty());
  }

  /** Devices and the cloud offerings, from an account at each offering's lowest rate-limit tier. */
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
        true,
        Optional.empty());
  }

  public AdviceRequest {
    hardware = List.copyOf(hardware);
    rateLimitTier = rateLimitTier.map(String::strip).filter(t -> !t.isEmpty());
    compareWith = compareWith.map(String::strip).filter(t -> !t.isEmpty());
    if (!(latencyTargetMs > 0) || !Double.isFinite(latencyTargetMs)) {
      throw new IllegalArgumentException("latencyTargetMs must be > 0, was " + latencyTargetMs);
    }
  }
}
