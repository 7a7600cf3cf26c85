package org.llmadvisor.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmadvisor.service.ErrorBody;
import org.llmadvisor.service.JsonErrors;

/**
 * Refuses an {@code /api} body larger than {@code quarkus.http.limits.max-body-size} with the
 * {@code /api} error body. Quarkus checks the same limit from the Content-Length and answers an
 * empty 413; this runs just before it so that the client reads why.
 */
@ApplicationScoped
public class BodyLimit {

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  MemorySize limit;

  @Inject ObjectMapper json;

  void init(@Observes Router router) {
    router
        .route("/api/*")
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(
            ctx -> {
              if (!refuse(ctx, bytes(), p -> body(json, p))) {
                ctx.next();
              }
            });
  }

  /** The configured limit in bytes. */
  public long bytes() {
    return limit.asLongValue();
  }

  private static String body(ObjectMapper json, JsonErrors.Problem p) {
    try {
      return json.writeValueAsString(ErrorBody.of(p.code(), p.field(), p.message()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Answers 413 with {@code write}'s JSON and closes the connection, as Quarkus does, when the
   * declared Content-Length is over {@code limitBytes}; a body without one is counted as it is read
   * by the handler that reads it.
   *
   * @return whether the request was refused
   */
  public static boolean refuse(
      RoutingContext ctx, long limitBytes, Function<JsonErrors.Problem, String> write) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return false; // Vert.x refuses a malformed Content-Length itself
    }
    if (declared <= limitBytes) {
      return false;
    }
    JsonErrors.Problem p = JsonErrors.tooLarge(limitBytes);
    ctx.response()
        .setStatusCode(p.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .endHandler(v -> ctx.request().connection().close())
        .end(write.apply(p));
    return true;
  }
}
