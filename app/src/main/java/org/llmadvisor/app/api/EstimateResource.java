package org.llmadvisor.app.api;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.llmadvisor.service.EstimateRequest;
import org.llmadvisor.service.EstimateResponse;
import org.llmadvisor.service.EstimateService;
import org.llmadvisor.service.RequestJson;

/** Parameters, memory and speed of a model on a device. */
@Path("/api/estimate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EstimateResource {

  @Inject EstimateService service;

  @POST
  @CustomDeserialization(RequestJson.class)
  public EstimateResponse estimate(EstimateRequest request) {
    return service.estimate(request);
  }
}
