package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.service.Catalogs;

/** The model presets and the hardware catalog, each row with its source. */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

  @Inject Catalogs catalogs;

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

  @GET
  @Path("/models")
  public List<ModelRow> models() {
    return catalogs.models().all().stream().map(CatalogResource::row).toList();
  }

  @GET
  @Path("/hardware")
  public List<HardwareRow> hardware() {
    return catalogs.hardware().all().stream().map(CatalogResource::row).toList();
  }

  @GET
  @Path("/offerings")
  public List<CloudOffering> offerings() {
    return catalogs.offerings().offerings();
  }

  @GET
  @Path("/ollama")
  public List<OllamaTag> ollamaTags() {
    return catalogs.offerings().tags();
  }

  private static ModelRow row(ModelPreset p) {
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

  private static HardwareRow row(Hardware h) {
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
