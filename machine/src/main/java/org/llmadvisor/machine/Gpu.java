package org.llmadvisor.machine;

import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

/**
 * One GPU as a vendor tool reports it, and what the hardware catalog knows of it.
 *
 * @param memory memory the GPU can hold weights in: VRAM for a discrete card; for an AMD APU the
 *     carve-out plus the GTT it may map; for Apple the GPU working-set limit
 * @param freeMemory free memory now, when the tool reports it
 * @param source the tool or file the figures come from ({@code nvidia-smi}, {@code rocm-smi},
 *     {@code sysfs}, {@code system_profiler})
 * @param integrated true when the GPU shares system RAM (APU, Apple)
 * @param catalog the matched catalog device, which supplies bandwidth and FLOP/s
 */
public record Gpu(
    Vendor vendor,
    String name,
    ByteSize memory,
    Optional<ByteSize> freeMemory,
    String source,
    boolean integrated,
    Optional<Hardware> catalog) {

  public enum Vendor {
    NVIDIA,
    AMD,
    APPLE
  }

  public Gpu {
    freeMemory = freeMemory == null ? Optional.empty() : freeMemory;
    catalog = catalog == null ? Optional.empty() : catalog;
  }

  public static Gpu of(
      Vendor vendor,
      String name,
      ByteSize memory,
      Optional<ByteSize> free,
      String source,
      boolean integrated) {
    return new Gpu(vendor, name, memory, free, source, integrated, Optional.empty());
  }

  public Gpu withCatalog(Optional<Hardware> hardware) {
    return new Gpu(vendor, name, memory, freeMemory, source, integrated, hardware);
  }

  public Optional<Double> memoryBandwidthGBps() {
    return catalog.map(Hardware::memoryBandwidthGBps);
  }
}
