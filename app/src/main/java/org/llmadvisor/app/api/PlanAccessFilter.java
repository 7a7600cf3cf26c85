package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.llmadvisor.app.config.AccessKeys;

/** Changing the plan needs an API key when keys are configured. */
public class PlanAccessFilter {

  @Inject AccessKeys keys;

  @ServerRequestFilter
  public Response check(ContainerRequestContext ctx) {
    boolean planChange =
        ctx.getUriInfo().getPath().startsWith("/api/plan") && "POST".equals(ctx.getMethod());
    if (planChange && !keys.allows(ctx.getHeaderString("Authorization"))) {
      return Response.status(401)
          .type("application/json")
          .entity(
              ErrorBody.of(
                  "unauthorized",
                  "Authorization",
                  "a valid API key is required: Authorization: Bearer <key>"))
          .build();
    }
    return null;
  }
}
