package org.llmadvisor.app.api;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.llmadvisor.app.facade.AdviceService;
import org.llmadvisor.app.facade.MeasuredSpeeds;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.AdviceResponse;
import org.llmadvisor.service.RequestJson;

/** Ranked, explained deployments for a workload. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AdviceResource {

  @Inject AdviceService service;
  @Inject MeasuredSpeeds measured;

  @POST
  @CustomDeserialization(RequestJson.class)
  @Path("/advice")
  @Consumes(MediaType.APPLICATION_JSON)
  public AdviceResponse advise(AdviceRequestBody body) {
    Advice a = service.advise(body);
    return new AdviceResponse(a, measured.forCandidates(a));
  }
}
