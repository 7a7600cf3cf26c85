package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.llmadvisor.app.config.AccessKeys;
import org.llmadvisor.service.ErrorBody;

/**
 * With API keys configured, what changes the plan and what shows the operator's business (spend,
 * tokens, the deployments and the models on their servers) needs one; estimate, advice and the
 * catalogs stay open to anyone who can reach the port. {@code /v1} checks keys in the gateway.
 */
public class AccessFilter {

  /** Read and written only with a key. */
  static final List<String> PRIVATE = List.of("/api/usage", "/api/deployments", "/api/ollama");

  @Inject AccessKeys keys;

  @ServerRequestFilter
  public Response check(ContainerRequestContext ctx) {
    if (needsKey(ctx.getUriInfo().getPath(), ctx.getMethod())
        && !keys.allows(ctx.getHeaderString("Authorization"))) {
      return Response.status(401)
          .type("application/json")
          .header("WWW-Authenticate", "Bearer")
          .entity(
              ErrorBody.of(
                  "unauthorized",
                  "Authorization",
                  "a valid API key is required: Authorization: Bearer <key>"))
          .build();
    }
    return null;
  }

  static boolean needsKey(String path, String method) {
    boolean planChange = path.startsWith("/api/plan") && "POST".equals(method);
    return planChange || PRIVATE.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }
}
