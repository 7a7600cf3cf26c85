package org.llmadvisor.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.llmadvisor.core.catalog.CatalogException;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.speed.MissingSpecException;

/** Turns every failure into a JSON body with a code, the field at fault and a message. */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

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

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    return json(400, "invalid_request", path(e), "unknown field '" + e.getPropertyName() + "'");
  }

  @ServerExceptionMapper
  public Response mismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    return mapping(e);
  }

  @ServerExceptionMapper
  public Response invalidFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
    return mapping(e);
  }

  @ServerExceptionMapper
  public Response mapping(JsonMappingException e) {
    String field = path(e);
    return json(
        400,
        "invalid_request",
        field,
        (field.isEmpty() ? "body" : field) + ": " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response parsing(JsonProcessingException e) {
    return json(400, "invalid_json", "", "malformed JSON: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException j) {
      return cause instanceof JsonMappingException m ? mapping(m) : parsing(j);
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

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static Response json(int status, String code, String field, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(ErrorBody.of(code, field, message))
        .build();
  }
}
