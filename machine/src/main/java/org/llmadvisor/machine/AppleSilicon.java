package org.llmadvisor.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.units.ByteSize;

/**
 * An Apple silicon Mac from {@code sysctl} and {@code system_profiler}: the chip, its GPU cores and
 * the part of unified memory the GPU may use.
 *
 * <p>Metal lets the GPU wire only its {@code recommendedMaxWorkingSetSize}, which llama.cpp reads
 * at start-up and logs ({@code ggml_metal_init: recommendedMaxWorkingSetSize}); a model above it
 * fails or falls back although it fits in RAM. The {@code iogpu.wired_limit_mb} sysctl overrides it
 * when set (non-zero); otherwise macOS applies a fraction of RAM that the JVM cannot query, so
 * {@link #defaultGpuLimit} reproduces the figures llama.cpp users have logged.
 */
public final class AppleSilicon {

  public static final List<String> MEMSIZE = List.of("sysctl", "-n", "hw.memsize");
  public static final List<String> BRAND = List.of("sysctl", "-n", "machdep.cpu.brand_string");
  public static final List<String> WIRED_LIMIT = List.of("sysctl", "-n", "iogpu.wired_limit_mb");
  public static final List<String> DISPLAYS =
      List.of("system_profiler", "SPDisplaysDataType", "-json");

  private static final long MIB = 1024L * 1024L;
  private static final long GIB = 1024L * MIB;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AppleSilicon() {}

  /** What was read: the GPU (sized by its limit), unified memory, notes. */
  public record Apple(
      Optional<Gpu> gpu, Optional<UnifiedMemory> unifiedMemory, List<String> notes) {}

  /**
   * @param memsize {@code sysctl -n hw.memsize} (bytes)
   * @param brand {@code sysctl -n machdep.cpu.brand_string} ("Apple M2 Pro")
   * @param wiredLimitMb {@code sysctl -n iogpu.wired_limit_mb}; empty on macOS before 14, where the
   *     sysctl did not exist
   * @param displaysJson {@code system_profiler SPDisplaysDataType -json}, for the GPU core count
   */
  public static Apple parse(
      String memsize, String brand, Optional<String> wiredLimitMb, Optional<String> displaysJson) {
    List<String> notes = new ArrayList<>();
    long total;
    try {
      total = Long.parseLong(memsize.strip());
    } catch (NumberFormatException e) {
      return new Apple(
          Optional.empty(),
          Optional.empty(),
          List.of("sysctl hw.memsize printed '" + memsize.strip() + "', not a size"));
    }
    String chip = brand.strip();
    Optional<Integer> cores = displaysJson.flatMap(j -> gpuCores(j, chip, notes));
    long wired = wiredLimitMb.map(AppleSilicon::parseLongOrZero).orElse(0L);
    ByteSize limit;
    String limitSource;
    if (wired > 0) {
      limit = ByteSize.ofBytes(Math.min(total, wired * MIB));
      limitSource = "iogpu.wired_limit_mb = " + wired;
    } else {
      limit = defaultGpuLimit(ByteSize.ofBytes(total));
      limitSource =
          "macOS default (iogpu.wired_limit_mb not set): 2/3 of RAM up to 36 GiB, 3/4 above";
      notes.add(
          "Apple GPU limit estimated from macOS's default share of RAM; llama.cpp logs the exact figure as recommendedMaxWorkingSetSize, and newer macOS may allow more");
    }
    String name = cores.map(c -> chip + " (" + c + "-core GPU)").orElse(chip);
    Gpu gpu = Gpu.of(Gpu.Vendor.APPLE, name, limit, Optional.empty(), "system_profiler", true);
    return new Apple(
        Optional.of(gpu),
        Optional.of(new UnifiedMemory(ByteSize.ofBytes(total), limit, limitSource)),
        notes);
  }

  /**
   * Metal's default working set without the sysctl: 2/3 of RAM up to 36 GiB and 3/4 above. The
   * figures llama.cpp prints: 10922.67 MB on 16 GiB (llama-cpp-python issue 687), 21845.34 MB on a
   * 32 GiB M1 Max (llama.cpp PR 2011), about 48 GB on a 64 GiB M2 Max (llama.cpp issue 1870). macOS
   * 26 reports 107.52 GiB on 128 GiB (antirez/ds4 issue 890), above 3/4: this rule is a floor.
   */
  public static ByteSize defaultGpuLimit(ByteSize total) {
    long t = total.bytes();
    return ByteSize.ofBytes(t <= 36 * GIB ? t / 3 * 2 : t / 4 * 3);
  }

  private static Optional<Integer> gpuCores(String json, String chip, List<String> notes) {
    try {
      JsonNode list = JSON.readTree(json).path("SPDisplaysDataType");
      for (JsonNode d : list) {
        if (d.path("sppci_device_type").asText().equals("spdisplays_gpu")
            && d.hasNonNull("sppci_cores")) {
          return Optional.of(Integer.parseInt(d.get("sppci_cores").asText().strip()));
        }
      }
      notes.add("system_profiler does not list the GPU cores of " + chip);
    } catch (IOException | NumberFormatException e) {
      notes.add("system_profiler printed nothing readable: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static long parseLongOrZero(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
