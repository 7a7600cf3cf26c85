package org.llmadvisor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.QuantRecipe;
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

  /**
   * A quantization recipe, largest first.
   *
   * @param baseType the GGML type most tensors are stored in; some keep a higher one
   * @param baseBitsPerWeight bits per weight of the base type (the recipe's average is higher)
   * @param common whether it is on the ladder of sizes models are usually offered at
   * @param ollamaTags tags in the catalog made with it
   */
  public record QuantizationRow(
      String name, String baseType, double baseBitsPerWeight, boolean common, long ollamaTags) {}

  /**
   * Which models to list; every field optional.
   *
   * @param family only families that hold this word ("llama" is Llama 2 and Llama 3), ignoring case
   * @param search a word in the id or the name, ignoring case
   * @param maxParameters only models with at most this many parameters
   */
  public record ModelFilter(String family, String search, Long maxParameters) {
    public List<ModelRow> apply(List<ModelRow> rows) {
      FieldPath.BODY.field("maxParameters").integer(maxParameters, 1, 1, Long.MAX_VALUE);
      return rows.stream()
          .filter(r -> matches(family, r.family(), null))
          .filter(r -> matches(search, r.id(), r.name()))
          .filter(r -> maxParameters == null || r.parameters() <= maxParameters)
          .toList();
    }
  }

  /**
   * Which devices to list; every field optional.
   *
   * @param kind gpu, apple or cpu
   * @param search a word in the id or the name, ignoring case
   * @param minMemoryGiB only devices with at least this much memory
   */
  public record HardwareFilter(String kind, String search, Double minMemoryGiB) {
    public List<HardwareRow> apply(List<HardwareRow> rows) {
      Hardware.Kind k = FieldPath.BODY.field("kind").oneOf(kind, Hardware.Kind.GPU);
      FieldPath.BODY.field("minMemoryGiB").number(minMemoryGiB, 0.0, 0, 1e6);
      String wanted = kind == null ? null : k.name().toLowerCase(Locale.ROOT);
      return rows.stream()
          .filter(r -> wanted == null || wanted.equals(r.kind()))
          .filter(r -> matches(search, r.id(), r.name()))
          .filter(r -> minMemoryGiB == null || r.memoryGiB() >= minMemoryGiB)
          .toList();
    }
  }

  private static boolean matches(String search, String id, String name) {
    if (search == null || search.isBlank()) {
      return true;
    }
    String s = search.toLowerCase(Locale.ROOT);
    return id.toLowerCase(Locale.ROOT).contains(s)
        || (name != null && name.toLowerCase(Locale.ROOT).contains(s));
  }

  public static List<ModelRow> models(Catalogs catalogs) {
    return catalogs.models().all().stream().map(CatalogRows::row).toList();
  }

  public static List<HardwareRow> hardware(Catalogs catalogs) {
    return catalogs.hardware().all().stream().map(CatalogRows::row).toList();
  }

  public static List<QuantizationRow> quantizations(Catalogs catalogs) {
    List<OllamaTag> tags = catalogs.offerings().tags();
    return Arrays.stream(QuantRecipe.values())
        .map(
            q ->
                new QuantizationRow(
                    q.name(),
                    q.base().name(),
                    q.base().bitsPerWeight(),
                    q.common(),
                    tags.stream().filter(t -> t.quantization() == q).count()))
        .toList();
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
