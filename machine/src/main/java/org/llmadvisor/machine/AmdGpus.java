package org.llmadvisor.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.llmadvisor.core.units.ByteSize;

/**
 * AMD GPUs from the amdgpu driver's sysfs files, named by {@code rocm-smi} when it is installed.
 *
 * <p>An APU's VRAM is only the carve-out the firmware reserves (often 512 MiB); the GPU also maps
 * system RAM through the GTT, which is where a model's weights go. Counting the carve-out alone is
 * the common mistake this class avoids: an APU's usable memory is VRAM plus GTT.
 */
public final class AmdGpus {

  /** Names and VRAM from ROCm's tool, when present. */
  public static final List<String> ROCM_SMI =
      List.of("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json");

  /**
   * Below this much VRAM a Radeon is taken for an integrated GPU: Ollama's rule (IGPUMemLimit, 1
   * GiB, in ollama's discover/gpu.go: "512M is what they typically report").
   */
  static final long IGPU_VRAM_LIMIT = 1024L * 1024L * 1024L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AmdGpus() {}

  /**
   * The files of one {@code /sys/class/drm/cardN/device} folder of an amdgpu device, in bytes.
   *
   * @param visibleVram {@code mem_info_vis_vram_total}: the part of VRAM the CPU can address
   * @param gtt {@code mem_info_gtt_total}: system RAM the GPU can map
   */
  public record SysfsCard(
      String card,
      String deviceId,
      Optional<String> productName,
      long vram,
      Optional<Long> vramUsed,
      Optional<Long> visibleVram,
      Optional<Long> gtt,
      Optional<Long> gttUsed) {}

  /**
   * GPUs from the sysfs cards (keyed and ordered by card name) and the {@link #ROCM_SMI} JSON, if
   * any; cards only rocm-smi lists (no sysfs, as in a container without {@code /sys/class/drm}) are
   * taken from it alone.
   *
   * @param cpuNamesRadeonGraphics the CPU brand names built-in Radeon graphics ("w/ Radeon 780M
   *     Graphics"): then a lone AMD GPU is that integrated one whatever its carve-out
   */
  public static Parsed parse(
      List<SysfsCard> sysfs, Optional<String> rocmSmiJson, boolean cpuNamesRadeonGraphics) {
    List<String> notes = new ArrayList<>();
    Map<String, JsonNode> rocm = rocmSmiJson.map(j -> rocmCards(j, notes)).orElse(Map.of());
    List<Gpu> gpus = new ArrayList<>();
    if (sysfs.isEmpty()) {
      rocm.forEach(
          (card, node) -> {
            Optional<Long> total = rocmBytes(node, "VRAM Total Memory (B)");
            if (total.isEmpty()) {
              notes.add("rocm-smi lists " + card + " without its VRAM size; not counted");
              return;
            }
            Optional<Long> used = rocmBytes(node, "VRAM Total Used Memory (B)");
            gpus.add(
                Gpu.of(
                    Gpu.Vendor.AMD,
                    rocmName(node).orElse("AMD GPU (" + card + ")"),
                    ByteSize.ofBytes(total.get()),
                    used.map(u -> ByteSize.ofBytes(Math.max(0, total.get() - u))),
                    "rocm-smi",
                    total.get() < IGPU_VRAM_LIMIT));
          });
      return new Parsed(gpus, notes);
    }
    for (SysfsCard c : sysfs) {
      String name =
          Optional.ofNullable(rocm.get(c.card()))
              .flatMap(AmdGpus::rocmName)
              .or(c::productName)
              .orElse("AMD GPU (PCI device " + c.deviceId() + ")");
      boolean integrated =
          c.vram() < IGPU_VRAM_LIMIT || (cpuNamesRadeonGraphics && sysfs.size() == 1);
      String source = rocm.containsKey(c.card()) ? "rocm-smi, sysfs" : "sysfs";
      Optional<Long> vramFree = c.vramUsed().map(u -> Math.max(0, c.vram() - u));
      if (integrated && c.gtt().isPresent()) {
        long gtt = c.gtt().get();
        Optional<Long> gttFree = c.gttUsed().map(u -> Math.max(0, gtt - u));
        gpus.add(
            Gpu.of(
                Gpu.Vendor.AMD,
                name,
                ByteSize.ofBytes(c.vram() + gtt),
                vramFree.flatMap(v -> gttFree.map(g -> ByteSize.ofBytes(v + g))),
                source,
                true));
        notes.add(
            name
                + " is integrated: "
                + ByteSize.ofBytes(c.vram())
                + " reserved VRAM plus "
                + ByteSize.ofBytes(gtt)
                + " of system RAM it can map (GTT), counted together; that RAM is not also free for the CPU");
      } else {
        gpus.add(
            Gpu.of(
                Gpu.Vendor.AMD,
                name,
                ByteSize.ofBytes(c.vram()),
                vramFree.map(ByteSize::ofBytes),
                source,
                integrated));
        if (integrated) {
          notes.add(name + " is integrated but its GTT size could not be read: VRAM only");
        }
      }
    }
    return new Parsed(gpus, notes);
  }

  private static Map<String, JsonNode> rocmCards(String json, List<String> notes) {
    Map<String, JsonNode> out = new TreeMap<>();
    try {
      JsonNode root = JSON.readTree(json);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("card") && e.getValue().isObject()) {
          out.put(e.getKey(), e.getValue());
        }
      }
    } catch (IOException e) {
      notes.add(
          "rocm-smi printed no JSON this version can read: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    return out;
  }

  /**
   * The marketing name: rocm-smi's "Card Series" (older versions print the PCI database entry,
   * "Navi 31 [Radeon RX 7900 XTX]", whose bracket holds it).
   */
  static Optional<String> rocmName(JsonNode card) {
    return field(card, "Card Series")
        .or(() -> field(card, "Card series"))
        .map(
            s -> {
              int open = s.indexOf('[');
              int close = s.lastIndexOf(']');
              return open >= 0 && close > open ? s.substring(open + 1, close).strip() : s.strip();
            })
        .filter(s -> !s.isEmpty() && !s.toLowerCase(Locale.ROOT).equals("n/a"));
  }

  private static Optional<Long> rocmBytes(JsonNode card, String key) {
    return field(card, key)
        .flatMap(
            s -> {
              try {
                return Optional.of(Long.parseLong(s.strip()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static Optional<String> field(JsonNode card, String key) {
    for (Iterator<Map.Entry<String, JsonNode>> it = card.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isNull()) {
        return Optional.of(e.getValue().asText());
      }
    }
    return Optional.empty();
  }
}
