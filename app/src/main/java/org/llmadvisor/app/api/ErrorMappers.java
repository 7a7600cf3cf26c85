package org.llmadvisor.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.llmadvisor.app.config.BodyLimit;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.ErrorBody;
import org.llmadvisor.service.JsonErrors;

/** Turns every failure into a JSON body with a code, the field at fault and a message. */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @Inject BodyLimit limit;

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return json(e.status(), "invalid_request", e.field(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response plan(org.llmadvisor.app.plan.PlanException e) {
    return json(e.status(), "invalid_request", e.field(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response architecture(ArchitectureException e) {
    return json(400, "invalid_request", e.field(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response missingSpec(MissingSpecException e) {
    return json(400, "invalid_request", "hardware." + e.field(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response gguf(GgufFormatException e) {
    return json(400, "invalid_request", "file", e.getMessage());
  }

  /** A body Jackson could not bind to its record, worded in the request's terms. */
  @ServerExceptionMapper
  public Response mapping(JsonMappingException e) {
    JsonErrors.Problem p = JsonErrors.unreadable(e);
    if (p.message().endsWith(" cannot be read")) {
      LOG.debugf(e, "unreadable field %s", p.field());
    }
    return json(p);
  }

  /** Named so that it, not Quarkus's built-in mapper of the same type, answers. */
  @ServerExceptionMapper
  public Response mismatch(MismatchedInputException e) {
    return mapping(e);
  }

  /** Malformed JSON: where it breaks, never the parser's source excerpt. */
  @ServerExceptionMapper
  public Response parsing(JsonProcessingException e) {
    return json(JsonErrors.of(e));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException j) {
      return cause instanceof JsonMappingException m ? mapping(m) : parsing(j);
    }
    if (status == 415) {
      return json(JsonErrors.unsupportedType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)));
    }
    if (status == 413) {
      return json(JsonErrors.tooLarge(limit.bytes()));
    }
    return json(status, status == 404 ? "not_found" : "http_" + status, "", e.getMessage());
  }

  @ServerExceptionMapper
  public Response ledger(org.llmadvisor.app.ledger.LedgerException e) {
    LOG.errorf("ledger unavailable: %s", e.getMessage());
    return json(
        503, "ledger_unavailable", "", "the usage ledger is unavailable: " + e.getMessage());
  }

  @ServerExceptionMapper
  public Response catalog(CatalogException e) {
    LOG.error("catalog error", e);
    return json(500, "catalog_error", "", e.getMessage());
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    if (e instanceof IllegalArgumentException) {
      return json(400, "invalid_request", "", e.getMessage());
    }
    LOG.error("unexpected error", e);
    return json(500, "internal_error", "", "internal error; see the server log");
  }

  private static Response json(JsonErrors.Problem p) {
    return json(p.status(), p.code(), p.field(), p.message());
  }

  private static Response json(int status, String code, String field, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(ErrorBody.of(code, field, message))
        .build();
  }
}
