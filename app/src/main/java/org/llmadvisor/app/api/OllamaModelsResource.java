package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.ollama.OllamaManagement;
import org.llmadvisor.service.ApiException;

/**
 * Models pulled on the configured Ollama servers, and the architecture of one, so the explorer and
 * the estimate can size exactly what a user has.
 */
@Path("/api/ollama")
@Produces(MediaType.APPLICATION_JSON)
public class OllamaModelsResource {

  @Inject DeploymentRegistry registry;

  public record LocalModel(
      String deploymentId,
      String name,
      long sizeBytes,
      String parameterSize,
      String quantization) {}

  public record ModelDetail(
      String deploymentId,
      String name,
      String quantization,
      Long parameterCount,
      Long contextLength,
      ObjectNode architecture,
      String note) {}

  @GET
  @Path("/models")
  public List<LocalModel> models() {
    List<LocalModel> out = new ArrayList<>();
    for (String id : registry.enabledIds()) {
      OllamaManagement o = registry.management(id).orElse(null);
      if (o != null && !id.contains("/")) {
        try {
          o.list()
              .forEach(
                  m ->
                      out.add(
                          new LocalModel(
                              id, m.name(), m.sizeBytes(), m.parameterSize(), m.quantization())));
        } catch (ProviderException e) {
          throw new ApiException(502, "deployment", "Ollama of " + id + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  @GET
  @Path("/{deployment}/models/{name}")
  public ModelDetail model(
      @PathParam("deployment") String deployment, @PathParam("name") String name) {
    if (registry.find(deployment).isEmpty()) {
      throw new ApiException(
          404, "deployment", "deployment '" + deployment + "' is not configured");
    }
    OllamaManagement o =
        registry
            .management(deployment)
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "deployment", "'" + deployment + "' is not an Ollama deployment"));
    OllamaManagement.ModelInfo info;
    try {
      info = o.show(name);
    } catch (ProviderException p) {
      throw new ApiException(
          p.reason() == ProviderException.Reason.NOT_FOUND ? 404 : 502,
          "name",
          "Ollama of " + deployment + " cannot show " + name + ": " + p.getMessage());
    }
    return new ModelDetail(
        deployment,
        name,
        info.quantization(),
        info.parameterCount().orElse(null),
        info.contextLength().orElse(null),
        info.architecture().map(ArchitectureJson::write).orElse(null),
        info.architecture().isPresent()
            ? null
            : "Ollama reports a model family this app cannot map field by field; estimate it from a preset or its config.json");
  }
}
