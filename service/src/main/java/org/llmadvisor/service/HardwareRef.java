package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

/**
 * A device in a request: a catalog id ({@code "rtx-4090"}), {@code "local"} for this machine as
 * detected and measured ({@link ThisMachine}), or one described field by field ({@code {"name",
 * "kind", "memoryGiB", "memoryBandwidthGBps", "fp16Tflops", ...}}).
 */
@JsonDeserialize(using = HardwareRef.Reader.class)
@Schema(
    name = "HardwareRef",
    description = "A catalog id, or a device given field by field",
    oneOf = {String.class, HardwareRef.Spec.class})
public sealed interface HardwareRef {

  /**
   * The device this names or describes, {@code "local"} being {@code machine}; refusals name {@code
   * at} or a field under it.
   */
  Hardware validate(FieldPath at, HardwareCatalog catalog, ThisMachine machine);

  /**
   * As {@link #validate(FieldPath, HardwareCatalog, ThisMachine)} where this machine is not seen.
   */
  default Hardware validate(FieldPath at, HardwareCatalog catalog) {
    return validate(at, catalog, ThisMachine.unavailable("is not detected here"));
  }

  /** A device of the catalog by id, or this machine ({@code "local"}). */
  record CatalogId(String id) implements HardwareRef {
    @Override
    public Hardware validate(FieldPath at, HardwareCatalog catalog, ThisMachine machine) {
      if (ThisMachine.names(id)) {
        return local(at, machine);
      }
      return catalog
          .find(id)
          .orElseThrow(
              () ->
                  at.invalid(
                      "'"
                          + id
                          + "' is not in the catalog; see GET /api/catalog/hardware, or give '"
                          + ThisMachine.ID
                          + "' for this machine"));
    }

    /** This machine, or a refusal at {@code at} saying why it cannot be seen. */
    static Hardware local(FieldPath at, ThisMachine machine) {
      try {
        return machine.seen().hardware();
      } catch (ThisMachine.Unavailable e) {
        throw at.invalid("'" + ThisMachine.ID + "' names this machine, which " + e.getMessage());
      }
    }
  }

  /**
   * A device given field by field: memory and bandwidth are required, {@code kind} is gpu (the
   * default), apple or cpu; compute omitted is unknown.
   */
  @JsonDeserialize(using = JsonDeserializer.None.class) // its fields, not the string-or-object
  @Schema(name = "HardwareSpec")
  record Spec(
      String name,
      String kind,
      Double memoryGiB,
      Double memoryBandwidthGBps,
      Double fp16Tflops,
      Double fp32Tflops,
      Double hostMemoryBandwidthGBps,
      Double tdpWatts)
      implements HardwareRef {

    static final int MAX_NAME = 200;

    /** Whether no field is given. */
    boolean noFieldGiven() {
      return Stream.of(
              name,
              kind,
              memoryGiB,
              memoryBandwidthGBps,
              fp16Tflops,
              fp32Tflops,
              hostMemoryBandwidthGBps,
              tdpWatts)
          .allMatch(v -> v == null);
    }

    @Override
    public Hardware validate(FieldPath at, HardwareCatalog catalog, ThisMachine machine) {
      Hardware.Kind k = at.field("kind").oneOf(kind, Hardware.Kind.GPU);
      double memory = at.field("memoryGiB").positive(memoryGiB, 1e6);
      double bandwidth = at.field("memoryBandwidthGBps").positive(memoryBandwidthGBps, 1e6);
      Optional<Double> fp16 = at.field("fp16Tflops").positiveIfGiven(fp16Tflops, 1e6);
      Optional<Double> fp32 = at.field("fp32Tflops").positiveIfGiven(fp32Tflops, 1e6);
      double host =
          at.field("hostMemoryBandwidthGBps")
              .positiveIfGiven(hostMemoryBandwidthGBps, 1e6)
              .orElse(
                  k == Hardware.Kind.GPU ? HardwareCatalog.DEFAULT_HOST_BANDWIDTH_GBPS : bandwidth);
      String shown = name == null ? "custom " + k.name().toLowerCase(Locale.ROOT) : name;
      if (shown.length() > MAX_NAME) {
        throw at.field("name").invalid("must be at most " + MAX_NAME + " characters");
      }
      Optional<Double> tdp = at.field("tdpWatts").positiveIfGiven(tdpWatts, 1e5);
      return new Hardware(
          "custom",
          shown,
          k,
          ByteSize.ofGiB(memory),
          bandwidth,
          fp16,
          fp32,
          host,
          tdp,
          "given in the request",
          null);
    }
  }

  /** Reads a string as a {@link CatalogId}, an object as a {@link Spec}. */
  final class Reader extends RequestJson.IdOrObject<HardwareRef> {
    public Reader() {
      super(HardwareRef.class, "a catalog id or an object");
    }

    @Override
    HardwareRef id(String id) {
      return new CatalogId(id);
    }

    @Override
    HardwareRef object(JsonParser p, DeserializationContext ctxt) throws IOException {
      return ctxt.readValue(p, Spec.class);
    }
  }
}
