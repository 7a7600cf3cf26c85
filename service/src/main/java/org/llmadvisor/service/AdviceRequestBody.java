package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.llmadvisor.core.advice.AdviceRequest;
import org.llmadvisor.core.advice.LatencyTarget;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;
import org.llmadvisor.core.workload.WorkloadException;

/**
 * Body of {@code POST /api/advice}. {@code hardware} items are catalog ids (hardware you own),
 * {@code "local"} (this machine) or objects: {@code {"id": "rtx-4090", "acquisition": "buy"}} or a
 * spec as in {@code /api/estimate} plus {@code acquisition} (owned|buy|rent), {@code purchaseUsd},
 * {@code usdPerHour}, and for owned hardware {@code count} ({@code {"id": "rtx-4090", "count": 2}}:
 * the advice then tries those devices in one server or in several). Without {@code hardware} the
 * advice considers every catalog device with a price. {@code thisMachine}: {@code include} (the
 * default) adds this machine, owned, to the devices; {@code exclude} leaves it out; {@code only}
 * answers "what runs on this machine": this machine alone, no other device and no cloud offering.
 * {@code rateLimitTier} is the cloud account's rate-limit tier as the catalog names it ("Tier 3",
 * "Enterprise &amp; MCA-E"); without it each offering is judged at its lowest published tier, where
 * a new account starts.
 */
public record AdviceRequestBody(
    WorkloadBody workload,
    Double latencyTargetMs,
    String latencyTarget,
    Double monthlyBudgetUsd,
    Double qualityFloor,
    Boolean dataMustStayLocal,
    List<Device> hardware,
    Boolean allowRentedHardware,
    String thisMachine,
    String rateLimitTier,
    String compareWith) {

  static final int MAX_DEVICES = 64;
  static final int MAX_OWNED_COUNT = 64;
  static final int MAX_TIER_NAME = 100;

  /** Whether the advice considers this machine. */
  public enum ThisMachineChoice {
    INCLUDE,
    EXCLUDE,
    ONLY
  }

  /** As {@link #validate(Catalogs, ThisMachine)} where this machine is not seen. */
  public AdviceRequest validate(Catalogs catalogs) {
    return validate(catalogs, ThisMachine.unavailable("is not detected here"));
  }

  /**
   * Checks every field and resolves catalog ids, {@code "local"} being {@code machine}; a refusal
   * names the field. Where {@code thisMachine} is include and the machine cannot be seen, the
   * advice goes on without it.
   */
  public AdviceRequest validate(Catalogs catalogs, ThisMachine machine) {
    FieldPath body = FieldPath.BODY;
    Workload w =
        body.field("workload")
            .required(
                workload,
                "{requestsPerDay, activeHoursPerDay, peakFactor, inputTokens, outputTokens, parallel}")
            .validate(body.field("workload"));
    double target = body.field("latencyTargetMs").number(latencyTargetMs, null, 1, 3_600_000);
    LatencyTarget kind = body.field("latencyTarget").oneOf(latencyTarget, LatencyTarget.END_TO_END);
    Optional<Double> budget =
        Optional.ofNullable(monthlyBudgetUsd)
            .map(v -> body.field("monthlyBudgetUsd").number(v, null, 0, 1e9));
    Optional<Double> floor =
        Optional.ofNullable(qualityFloor)
            .map(v -> body.field("qualityFloor").number(v, null, 0, 100));
    ThisMachineChoice choice =
        body.field("thisMachine").oneOf(thisMachine, ThisMachineChoice.INCLUDE);
    boolean rented = Optional.ofNullable(allowRentedHardware).orElse(true);
    if (choice == ThisMachineChoice.ONLY && hardware != null) {
      throw body.field("thisMachine")
          .invalid("only considers this machine alone; leave hardware out, or use include");
    }
    List<HardwareOption> devices = new ArrayList<>();
    if (hardware != null) {
      FieldPath at = body.field("hardware");
      if (hardware.isEmpty()) {
        throw at.invalid(
            "must list at least one device; leave it out to consider every catalog device with a price");
      }
      if (hardware.size() > MAX_DEVICES) {
        throw at.invalid("must list at most " + MAX_DEVICES + " devices, was " + hardware.size());
      }
      for (int i = 0; i < hardware.size(); i++) {
        FieldPath item = at.index(i);
        HardwareOption d =
            item.required(hardware.get(i), "a catalog id or an object")
                .validate(item, catalogs, machine);
        if (choice == ThisMachineChoice.EXCLUDE && isThisMachine(d)) {
          throw item.invalid(
              "'" + ThisMachine.ID + "' is this machine, which thisMachine: exclude leaves out");
        }
        devices.add(d);
      }
    }
    boolean listed = devices.stream().anyMatch(AdviceRequestBody::isThisMachine);
    if (choice != ThisMachineChoice.EXCLUDE && !listed) {
      Optional<HardwareOption> local = owned(machine, choice == ThisMachineChoice.ONLY);
      if (local.isPresent()) {
        if (hardware == null && choice == ThisMachineChoice.INCLUDE) {
          // the catalog's priced devices, which an empty list stands for, beside this machine
          devices.addAll(catalogs.advisor().defaultHardware(rented));
        }
        devices.add(0, local.get());
      }
    }
    return new AdviceRequest(
        w,
        target,
        kind,
        budget,
        floor,
        Boolean.TRUE.equals(dataMustStayLocal),
        devices,
        rented,
        choice != ThisMachineChoice.ONLY,
        tier(body.field("rateLimitTier")),
        compareWith(body.field("compareWith"), catalogs));
  }

  /** A cloud offering of the catalog, not retired, that data may go to. */
  private Optional<String> compareWith(FieldPath at, Catalogs catalogs) {
    if (compareWith == null) {
      return Optional.empty();
    }
    if (Boolean.TRUE.equals(dataMustStayLocal)) {
      throw at.invalid(
          "names a cloud offering, which dataMustStayLocal rules out; no cloud break-even is drawn");
    }
    String id = compareWith.strip();
    boolean known =
        catalogs.offerings().offerings().stream()
            .anyMatch(o -> o.id().equals(id) && o.retiredOn().isEmpty());
    if (!known) {
      throw at.invalid(
          "must be a cloud offering's id in the catalog that is not retired (as openai/gpt-4o-mini),"
              + " was '"
              + id
              + "'");
    }
    return Optional.of(id);
  }

  private Optional<String> tier(FieldPath at) {
    if (rateLimitTier != null && rateLimitTier.strip().length() > MAX_TIER_NAME) {
      throw at.invalid("must be at most " + MAX_TIER_NAME + " characters");
    }
    return Optional.ofNullable(rateLimitTier);
  }

  private static boolean isThisMachine(HardwareOption o) {
    return o.hardware().id().equals(ThisMachine.ID);
  }

  /**
   * This machine, owned; empty when it cannot be seen, unless {@code required}, when the refusal
   * says why.
   */
  private static Optional<HardwareOption> owned(ThisMachine machine, boolean required) {
    try {
      return Optional.of(
          new HardwareOption(
              machine.seen().hardware(), Acquisition.OWNED, Optional.empty(), Optional.empty()));
    } catch (ThisMachine.Unavailable e) {
      if (required) {
        throw FieldPath.BODY
            .field("thisMachine")
            .invalid("is only, but this machine " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** Traffic: mean tokens, with optional p95s for skewed lengths. */
  public record WorkloadBody(
      Double requestsPerDay,
      Double activeHoursPerDay,
      Double peakFactor,
      Double inputTokens,
      Double outputTokens,
      Double p95InputTokens,
      Double p95OutputTokens,
      Long parallel) {

    Workload validate(FieldPath at) {
      double perDay = at.field("requestsPerDay").number(requestsPerDay, null, 0.001, 1e10);
      double hours = at.field("activeHoursPerDay").number(activeHoursPerDay, 24.0, 0.01, 24);
      double peak = at.field("peakFactor").number(peakFactor, 1.0, 1, 1000);
      double in = at.field("inputTokens").number(inputTokens, null, 0, 2_000_000);
      double out = at.field("outputTokens").number(outputTokens, null, 1, 1_000_000);
      double in95 = at.field("p95InputTokens").number(p95InputTokens, in, 0, 4_000_000);
      double out95 = at.field("p95OutputTokens").number(p95OutputTokens, out, 1, 2_000_000);
      if (in95 < in) {
        throw at.field("p95InputTokens")
            .invalid(
                "must be >= inputTokens (" + FieldPath.show(in) + "), was " + FieldPath.show(in95));
      }
      if (out95 < out) {
        throw at.field("p95OutputTokens")
            .invalid(
                "must be >= outputTokens ("
                    + FieldPath.show(out)
                    + "), was "
                    + FieldPath.show(out95));
      }
      // absent, the advisor chooses each local server's slots
      OptionalInt par =
          parallel == null
              ? OptionalInt.empty()
              : OptionalInt.of(
                  (int) at.field("parallel").integer(parallel, 1, 1, Workload.MAX_PARALLEL));
      try {
        return new Workload(
            perDay,
            hours,
            peak,
            TokenDistribution.of(in, in95),
            TokenDistribution.of(out, out95),
            par);
      } catch (WorkloadException e) {
        throw at.inner(e.field(), e.getMessage());
      }
    }
  }

  /** One device the advice may use. */
  @JsonDeserialize(using = Device.Reader.class)
  @Schema(
      name = "AdviceDevice",
      description = "A catalog id (a device the team owns), or an object",
      oneOf = {String.class, Device.Described.class})
  public sealed interface Device {

    HardwareOption validate(FieldPath at, Catalogs catalogs, ThisMachine machine);

    /** A catalog id given as a string, or {@code "local"}: a device the team owns. */
    record Owned(String id) implements Device {
      @Override
      public HardwareOption validate(FieldPath at, Catalogs catalogs, ThisMachine machine) {
        Hardware h = new HardwareRef.CatalogId(id).validate(at, catalogs.hardware(), machine);
        return new HardwareOption(h, Acquisition.OWNED, Optional.empty(), Optional.empty());
      }
    }

    /**
     * An object: a catalog {@code id} or the fields of a {@link HardwareRef.Spec}, and how the
     * device is paid for; a price left out comes from the catalog.
     */
    @JsonDeserialize(using = JsonDeserializer.None.class) // its fields, not the string-or-object
    @Schema(name = "AdviceDeviceObject")
    record Described(
        String id,
        String acquisition,
        Double purchaseUsd,
        Double usdPerHour,
        String name,
        String kind,
        Double memoryGiB,
        Double memoryBandwidthGBps,
        Double fp16Tflops,
        Double fp32Tflops,
        Double hostMemoryBandwidthGBps,
        Double tdpWatts,
        Long count)
        implements Device {

      HardwareRef.Spec spec() {
        return new HardwareRef.Spec(
            name,
            kind,
            memoryGiB,
            memoryBandwidthGBps,
            fp16Tflops,
            fp32Tflops,
            hostMemoryBandwidthGBps,
            tdpWatts);
      }

      @Override
      public HardwareOption validate(FieldPath at, Catalogs catalogs, ThisMachine machine) {
        Acquisition a = at.field("acquisition").oneOf(acquisition, Acquisition.OWNED);
        Optional<Double> purchase = at.field("purchaseUsd").positiveIfGiven(purchaseUsd, 1e8);
        Optional<Double> hourly = at.field("usdPerHour").positiveIfGiven(usdPerHour, 1e8);
        Hardware h;
        if (id != null) {
          if (!spec().noFieldGiven()) {
            throw at.field("id")
                .invalid(
                    "cannot be combined with the fields of a hardware spec (name, kind, memoryGiB, ...); give one or the other");
          }
          h = new HardwareRef.CatalogId(id).validate(at.field("id"), catalogs.hardware(), machine);
          if (h.id().equals(ThisMachine.ID) && a != Acquisition.OWNED) {
            throw at.field("acquisition")
                .invalid(
                    "must be owned for this machine ('"
                        + ThisMachine.ID
                        + "'), was '"
                        + acquisition
                        + "'");
          }
        } else {
          h = spec().validate(at, catalogs.hardware());
        }
        var ownership = catalogs.offerings().ownership();
        if (a == Acquisition.BUY && purchase.isEmpty()) {
          purchase = Optional.ofNullable(ownership.purchaseUsd().get(h.id()));
          if (purchase.isEmpty()) {
            throw at.field("purchaseUsd")
                .invalid("is required to buy " + h.name() + " (no catalog price)");
          }
        }
        if (a == Acquisition.RENT && hourly.isEmpty()) {
          hourly = Optional.ofNullable(ownership.rentalUsdPerHour().get(h.id()));
          if (hourly.isEmpty()) {
            throw at.field("usdPerHour")
                .invalid("is required to rent " + h.name() + " (no catalog price)");
          }
        }
        if (count != null && a != Acquisition.OWNED) {
          throw at.field("count")
              .invalid(
                  "is how many of a device the team owns; for "
                      + a.name().toLowerCase(java.util.Locale.ROOT)
                      + " the advisor chooses the count");
        }
        int n = (int) at.field("count").integer(count, 1, 1, MAX_OWNED_COUNT);
        return new HardwareOption(h, a, purchase, hourly, n);
      }
    }

    /** Reads a string as {@link Owned}, an object as {@link Described}. */
    final class Reader extends RequestJson.IdOrObject<Device> {
      public Reader() {
        super(Device.class, "a catalog id or an object");
      }

      @Override
      Device id(String id) {
        return new Owned(id);
      }

      @Override
      Device object(JsonParser p, DeserializationContext ctxt) throws IOException {
        return ctxt.readValue(p, Described.class);
      }
    }
  }
}
