package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.service.CatalogRows;
import org.llmadvisor.service.Catalogs;

/**
 * The model presets, the hardware catalog, cloud offerings, Ollama tags and quantization recipes,
 * each row with its source.
 */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

  @Inject Catalogs catalogs;

  @GET
  @Path("/models")
  public List<CatalogRows.ModelRow> models() {
    return CatalogRows.models(catalogs);
  }

  @GET
  @Path("/hardware")
  public List<CatalogRows.HardwareRow> hardware() {
    return CatalogRows.hardware(catalogs);
  }

  @GET
  @Path("/quantizations")
  public List<CatalogRows.QuantizationRow> quantizations() {
    return CatalogRows.quantizations(catalogs);
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
}
