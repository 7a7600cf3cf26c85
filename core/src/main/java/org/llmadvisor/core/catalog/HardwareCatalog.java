package org.llmadvisor.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

/** Hardware: the bundled {@code catalog/hardware.json} plus an optional user file. */
public final class HardwareCatalog {

  /** Host RAM bandwidth assumed behind a GPU when a row gives none (DDR5-5600, two channels). */
  public static final double DEFAULT_HOST_BANDWIDTH_GBPS = 89.6;

  private final List<Hardware> hardware;

  private HardwareCatalog(List<Hardware> hardware) {
    this.hardware = hardware;
  }

  public static HardwareCatalog load(Optional<Path> userFile) {
    return new HardwareCatalog(
        CatalogFiles.load(
            "hardware.json", "hardware", userFile, HardwareCatalog::parse, Hardware::id));
  }

  public static HardwareCatalog bundled() {
    return load(Optional.empty());
  }

  public List<Hardware> all() {
    return hardware;
  }

  public Optional<Hardware> find(String id) {
    return hardware.stream().filter(h -> h.id().equalsIgnoreCase(id)).findFirst();
  }

  static Hardware parse(JsonNode row, String where) {
    String kindText = CatalogFiles.text(row, "kind", where).toUpperCase(Locale.ROOT);
    Hardware.Kind kind;
    try {
      kind = Hardware.Kind.valueOf(kindText);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": field 'kind' must be gpu|apple|cpu, was " + kindText);
    }
    double mem =
        CatalogFiles.optNumber(row, "memoryGiB", where)
            .orElseThrow(() -> new CatalogException(where + ": field 'memoryGiB' is required"));
    double bw =
        CatalogFiles.optNumber(row, "memoryBandwidthGBps", where)
            .filter(v -> v > 0)
            .orElseThrow(
                () -> new CatalogException(where + ": field 'memoryBandwidthGBps' must be > 0"));
    double host =
        CatalogFiles.optNumber(row, "hostMemoryBandwidthGBps", where)
            .filter(v -> v > 0)
            .orElse(kind == Hardware.Kind.GPU ? DEFAULT_HOST_BANDWIDTH_GBPS : bw);
    return new Hardware(
        CatalogFiles.text(row, "id", where),
        CatalogFiles.text(row, "name", where),
        kind,
        ByteSize.ofGiB(mem),
        bw,
        CatalogFiles.optNumber(row, "fp16Tflops", where).filter(v -> v > 0),
        CatalogFiles.optNumber(row, "fp32Tflops", where).filter(v -> v > 0),
        host,
        CatalogFiles.optNumber(row, "tdpWatts", where),
        CatalogFiles.text(row, "source", where),
        CatalogFiles.optText(row, "note").orElse(null));
  }
}
