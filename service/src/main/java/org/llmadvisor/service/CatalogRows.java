package org.llmadvisor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.ParameterCount;

/**
 * The model presets and the hardware catalog as {@code GET /api/catalog/models|hardware}, {@code
 * ./advisor models|hardware} and the MCP tools {@code list_models|list_hardware} show them, each
 * row with its source.
 */
public final class CatalogRows {

  private CatalogRows() {}

  public record ModelRow(
      String id,
      String name,
      String family,
      long parameters,
      Long publishedParameters,
      String nominalParameters,
      ObjectNode architecture,
      String source,
      String retrieved,
      String note) {}

  public record HardwareRow(
      String id,
      String name,
      String kind,
      double memoryGiB,
      double memoryBandwidthGBps,
      Double fp16Tflops,
      Double fp32Tflops,
      Double tdpWatts,
      String source,
      String note) {}

  public static List<ModelRow> models(Catalogs catalogs) {
    return catalogs.models().all().stream().map(CatalogRows::row).toList();
  }

  public static List<HardwareRow> hardware(Catalogs catalogs) {
    return catalogs.hardware().all().stream().map(CatalogRows::row).toList();
  }

  static ModelRow row(ModelPreset p) {
    return new ModelRow(
        p.id(),
        p.name(),
        p.family(),
        ParameterCount.of(p.architecture()).total(),
        p.publishedParameters().isPresent() ? p.publishedParameters().getAsLong() : null,
        p.nominalParameters(),
        ArchitectureJson.write(p.architecture()),
        p.source(),
        p.retrieved(),
        p.note());
  }

  static HardwareRow row(Hardware h) {
    return new HardwareRow(
        h.id(),
        h.name(),
        h.kind().name().toLowerCase(Locale.ROOT),
        Math.round(h.memory().gib() * 100) / 100.0,
        h.memoryBandwidthGBps(),
        h.fp16Tflops().orElse(null),
        h.fp32Tflops().orElse(null),
        h.tdpWatts().orElse(null),
        h.source(),
        h.note());
  }
}
