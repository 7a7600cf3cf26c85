package org.llmadvisor.app.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.llmadvisor.core.catalog.CatalogException;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.ErrorBody;
import org.llmadvisor.service.RequestJson;

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

  /**
   * A body Jackson could not bind to its record, worded in the request's terms: the field's path
   * and what it must be ("{@code contextTokens must be an integer, was "many"}"), never a Java type
   * or the parser's source excerpt.
   */
  @ServerExceptionMapper
  public Response mapping(JsonMappingException e) {
    String field = path(e);
    if (field.isEmpty()) {
      // the body is not an object, or another value follows it
      return json(
          400, "invalid_request", "body", "body must be one JSON object with nothing after it");
    }
    String problem;
    if (e instanceof RequestJson.Refused r) {
      problem = r.problem();
    } else if (e instanceof UnrecognizedPropertyException u) {
      problem =
          "is not a known field; known: "
              + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    } else if (e instanceof InvalidFormatException f) {
      problem = "must be " + expected(f.getTargetType()) + ", was " + shown(f.getValue());
    } else if (e instanceof MismatchedInputException m) {
      problem =
          "must be "
              + expected(m.getTargetType())
              + (m.getCurrentToken() == null
                  ? ""
                  : ", was " + RequestJson.kind(m.getCurrentToken()));
    } else {
      LOG.debugf(e, "unreadable field %s", field);
      problem = "cannot be read";
    }
    return json(400, "invalid_request", field, field + " " + problem);
  }

  /** Named so that it, not Quarkus's built-in mapper of the same type, answers. */
  @ServerExceptionMapper
  public Response mismatch(MismatchedInputException e) {
    return mapping(e);
  }

  /** Malformed JSON: where it breaks, never the parser's source excerpt. */
  @ServerExceptionMapper
  public Response parsing(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return json(
          400,
          "invalid_json",
          "",
          "the body exceeds a JSON limit (nesting depth, number or string length)");
    }
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what =
        e instanceof JsonEOFException
            ? "the body ends before the JSON value is complete"
            : e instanceof InputCoercionException ? "a number is out of range" : "unexpected text";
    return json(400, "invalid_json", "", "malformed JSON" + where + ": " + what);
  }

  /** What a value of this type is in JSON terms. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "of another kind";
    }
    if (type == Long.class
        || type == long.class
        || type == Integer.class
        || type == int.class
        || type == Short.class
        || type == short.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Character.class || type.isEnum()) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  /** A value the user sent, as JSON, cut short if long. */
  private static String shown(Object value) {
    String s = value instanceof String t ? "\"" + t + "\"" : String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
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
