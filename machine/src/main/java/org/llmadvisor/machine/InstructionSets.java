package org.llmadvisor.machine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU vector extensions that select llama.cpp's CPU kernels and its weight repacking (AVX2,
 * AVX-512, NEON dot-product, i8mm, …), read from the kernel's flag names.
 */
public final class InstructionSets {

  /** Kernel flag (x86 {@code flags}, Arm {@code Features}) to the name reported, in order. */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("pni", "SSE3");
    NAMES.put("ssse3", "SSSE3");
    NAMES.put("sse4_1", "SSE4.1");
    NAMES.put("sse4_2", "SSE4.2");
    NAMES.put("avx", "AVX");
    NAMES.put("avx1.0", "AVX"); // macOS machdep.cpu.features spelling
    NAMES.put("f16c", "F16C");
    NAMES.put("fma", "FMA");
    NAMES.put("avx2", "AVX2");
    NAMES.put("avx_vnni", "AVX-VNNI");
    NAMES.put("avx512f", "AVX-512");
    NAMES.put("avx512bw", "AVX-512BW");
    NAMES.put("avx512vl", "AVX-512VL");
    NAMES.put("avx512_vnni", "AVX-512VNNI");
    NAMES.put("avx512_bf16", "AVX-512BF16");
    NAMES.put("amx_int8", "AMX-INT8");
    NAMES.put("amx_bf16", "AMX-BF16");
    NAMES.put("asimd", "NEON");
    NAMES.put("asimdhp", "NEON-FP16");
    NAMES.put("asimddp", "DOTPROD");
    NAMES.put("i8mm", "I8MM");
    NAMES.put("sve", "SVE");
    NAMES.put("sve2", "SVE2");
  }

  private InstructionSets() {}

  /**
   * The extensions named by the first {@code flags} (x86) or {@code Features} (Arm) line of a
   * {@code /proc/cpuinfo} text; empty when there is none.
   */
  public static List<String> fromCpuinfo(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      if (key.equals("flags") || key.equals("Features")) {
        return fromFlags(List.of(line.substring(colon + 1).strip().split("\\s+")));
      }
    }
    return List.of();
  }

  /**
   * The extensions among kernel flag names (any case). NEON is mandatory on 64-bit Arm, so {@code
   * aarch64}/{@code arm64} implies it even when no flag says so (macOS lists none).
   */
  public static List<String> fromFlags(List<String> flags, String architecture) {
    List<String> out = new ArrayList<>(fromFlags(flags));
    String arch = architecture.toLowerCase(Locale.ROOT);
    if ((arch.equals("aarch64") || arch.equals("arm64")) && !out.contains("NEON")) {
      out.add(0, "NEON");
    }
    return out;
  }

  static List<String> fromFlags(List<String> flags) {
    Set<String> have = new HashSet<>();
    for (String f : flags) {
      for (String token : f.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
        have.add(token);
      }
    }
    List<String> out = new ArrayList<>();
    NAMES.forEach(
        (flag, name) -> {
          if (have.contains(flag) && !out.contains(name)) {
            out.add(name);
          }
        });
    return out;
  }
}
