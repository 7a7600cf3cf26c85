package org.llmadvisor.app.api;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.llmadvisor.app.plan.Plan;
import org.llmadvisor.app.plan.PlanRequest;
import org.llmadvisor.app.plan.PlanService;
import org.llmadvisor.app.plan.PlanStatus;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.RequestJson;

/** Apply a recommendation or an ordered list of deployments; watch it being prepared. */
@Path("/api/plan")
public class PlanResource {

  @Inject PlanService plans;
  @Inject org.llmadvisor.app.plan.BundleService bundles;

  /** The deployment files (compose, kubernetes or systemd) rendered for the applied plan. */
  @GET
  @Path("/bundle")
  @Produces(MediaType.APPLICATION_JSON)
  public org.llmadvisor.app.plan.BundleService.Bundle bundle(
      @jakarta.ws.rs.QueryParam("format") String format) {
    return bundles.render(format);
  }

  @POST
  @CustomDeserialization(RequestJson.class)
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public jakarta.ws.rs.core.Response apply(PlanRequest request) {
    return jakarta.ws.rs.core.Response.accepted(plans.apply(request)).build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Plan current() {
    return plans.active().orElseThrow(() -> new ApiException(404, "", "no plan is applied yet"));
  }

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public PlanStatus status() {
    return plans.status();
  }

  /** The same status as server-sent events, one per change, until the plan is active or failed. */
  @GET
  @Path("/status")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<PlanStatus> statusStream() {
    return plans.statusUntilSettled();
  }
}
