package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.llmadvisor.app.facade.UsageService;

/** Spend against the budget and, per deployment, what was measured beside what was predicted. */
@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

  @Inject UsageService usage;

  @GET
  public UsageService.Usage usage(@QueryParam("month") String monthParam) {
    return usage.usage(monthParam);
  }
}
