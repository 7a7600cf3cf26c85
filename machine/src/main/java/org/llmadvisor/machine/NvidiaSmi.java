package org.llmadvisor.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmadvisor.core.units.ByteSize;

/**
 * NVIDIA GPUs from {@code nvidia-smi}'s CSV query, and MIG instances from {@code nvidia-smi -L}.
 *
 * <p>Memory is read as a 64-bit count of MiB: tools that read VRAM through 32-bit fields report 4
 * GiB for a 24 GiB card.
 */
public final class NvidiaSmi {

  /** The query; fields in this order are what {@link #parse} reads. */
  public static final List<String> QUERY =
      List.of(
          "nvidia-smi",
          "--query-gpu=index,name,memory.total,memory.free,mig.mode.current",
          "--format=csv,noheader,nounits");

  /** Lists GPUs and their MIG instances (read only when MIG mode is on). */
  public static final List<String> LIST = List.of("nvidia-smi", "-L");

  private static final long MIB = 1024L * 1024L;
  private static final Pattern GPU_LINE = Pattern.compile("^GPU (\\d+): (.+?) \\(UUID: .*\\)\\s*$");
  private static final Pattern MIG_LINE =
      Pattern.compile("^\\s+MIG (\\d+)g\\.(\\d+)gb\\s+Device\\s+(\\d+): \\(UUID: .*\\)\\s*$");

  private NvidiaSmi() {}

  /**
   * GPUs from the {@link #QUERY} output; a GPU whose MIG mode is on is replaced by its instances
   * from the {@link #LIST} output when given.
   */
  public static Parsed parse(String queryCsv, Optional<String> listOutput) {
    List<Gpu> gpus = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<Integer, List<Mig>> migs = listOutput.map(NvidiaSmi::migInstances).orElse(Map.of());
    for (String raw : queryCsv.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length < 5) {
        notes.add("nvidia-smi: unreadable line '" + line + "'");
        continue;
      }
      int n = f.length;
      String index = f[0].strip();
      String name = String.join(",", Arrays.copyOfRange(f, 1, n - 3)).strip();
      Optional<Long> total = mib(f[n - 3]);
      Optional<Long> free = mib(f[n - 2]);
      boolean mig = f[n - 1].strip().equalsIgnoreCase("Enabled");
      if (total.isEmpty()) {
        notes.add(
            "nvidia-smi reports no memory size for GPU "
                + index
                + " ("
                + name
                + "): it may share system memory; not counted");
        continue;
      }
      if (mig) {
        List<Mig> slices = migs.getOrDefault(parseIndex(index), List.of());
        if (slices.isEmpty()) {
          notes.add(
              "GPU "
                  + index
                  + " ("
                  + name
                  + ") is in MIG mode but its instances could not be listed; shown whole");
        } else {
          for (Mig m : slices) {
            gpus.add(
                Gpu.of(
                    Gpu.Vendor.NVIDIA,
                    name + " MIG " + m.profile(),
                    ByteSize.ofGB(m.memoryGB()),
                    Optional.empty(),
                    "nvidia-smi",
                    false));
          }
          notes.add(
              "GPU "
                  + index
                  + " ("
                  + name
                  + ") is split into "
                  + slices.size()
                  + " MIG instances; their memory is the nominal size in the profile name and their bandwidth a share of the GPU's");
          continue;
        }
      }
      gpus.add(
          Gpu.of(
              Gpu.Vendor.NVIDIA,
              name,
              ByteSize.ofBytes(total.get() * MIB),
              free.map(v -> ByteSize.ofBytes(v * MIB)),
              "nvidia-smi",
              false));
    }
    return new Parsed(gpus, notes);
  }

  /** One MIG instance: {@code 3g.40gb} is 3 compute slices and a nominal 40 GB. */
  record Mig(int gpu, String profile, int memoryGB) {}

  static Map<Integer, List<Mig>> migInstances(String listOutput) {
    Map<Integer, List<Mig>> out = new HashMap<>();
    int gpu = -1;
    for (String line : listOutput.split("\n")) {
      Matcher g = GPU_LINE.matcher(line);
      if (g.matches()) {
        gpu = Integer.parseInt(g.group(1));
        continue;
      }
      Matcher m = MIG_LINE.matcher(line);
      if (m.matches() && gpu >= 0) {
        out.computeIfAbsent(gpu, k -> new ArrayList<>())
            .add(new Mig(gpu, m.group(1) + "g." + m.group(2) + "gb", Integer.parseInt(m.group(2))));
      }
    }
    return out;
  }

  private static Optional<Long> mib(String field) {
    try {
      return Optional.of(Long.parseLong(field.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty(); // "[N/A]", "[Not Supported]"
    }
  }

  private static int parseIndex(String index) {
    try {
      return Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
