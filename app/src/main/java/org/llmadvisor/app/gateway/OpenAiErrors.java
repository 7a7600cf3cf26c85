package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import org.llmadvisor.app.routing.RoutingFailure;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.service.JsonErrors;

/**
 * Every error the gateway answers, in OpenAI's vocabulary: statuses, types and codes chosen so that
 * OpenAI's SDKs react as they would to OpenAI itself (retry a 429 or a 5xx after Retry-After, give
 * up on a 4xx), and a code that says what happened here.
 */
final class OpenAiErrors {

  private OpenAiErrors() {}

  /** The wire form of a routing failure. */
  static OpenAiError of(RoutingFailure f) {
    String message = f.getMessage();
    String param = f.param().orElse(null);
    Long retryAfter = f.retryAfter().map(Duration::toSeconds).orElse(null);
    return switch (f.reason()) {
      case MISSING_MODEL ->
          new OpenAiError(400, "invalid_request_error", "missing_model", param, message, null);
      case UNKNOWN_MODEL ->
          new OpenAiError(404, "invalid_request_error", "model_not_found", param, message, null);
      case NO_PLAN ->
          new OpenAiError(400, "invalid_request_error", "no_plan", param, message, null);
      case UNSUPPORTED_PARAMETER ->
          new OpenAiError(
              400, "invalid_request_error", "unsupported_parameter", param, message, null);
      case PROVIDER_REFUSED -> refused(f, param, message);
      case BUDGET_EXCEEDED ->
          new OpenAiError(429, "insufficient_quota", "budget_exceeded", param, message, null);
      case RATE_LIMITED ->
          new OpenAiError(429, "rate_limit_error", "rate_limited", param, message, retryAfter);
      case TIMEOUT -> new OpenAiError(504, "api_error", "timeout", param, message, null);
      case NO_DEPLOYMENT_AVAILABLE ->
          new OpenAiError(503, "api_error", "no_deployment_available", param, message, null);
    };
  }

  /**
   * A provider's refusal passes on its client-error status, so a client does not retry what would
   * fail again; anything else the provider answered is a bad gateway.
   */
  private static OpenAiError refused(RoutingFailure f, String param, String message) {
    ProviderException.Reason why = f.providerReason().orElse(ProviderException.Reason.UNKNOWN);
    int status = f.providerStatus().filter(s -> s >= 400 && s < 500).orElse(502);
    String type =
        switch (why) {
          case AUTHENTICATION -> "authentication_error";
          case NOT_FOUND, BAD_REQUEST, CONTENT_FILTERED -> "invalid_request_error";
          default -> "api_error";
        };
    return new OpenAiError(status, type, codeOf(why), param, message, null);
  }

  private static String codeOf(ProviderException.Reason why) {
    return why.name().toLowerCase(Locale.ROOT);
  }

  /** A request the gateway itself rejects before routing: {@code param} names the field. */
  static OpenAiError invalid(String param, String message) {
    return new OpenAiError(400, "invalid_request_error", null, param, message, null);
  }

  /**
   * A body refused at the edge (unreadable, mistyped, too large, not JSON), worded once for both
   * doors by {@link JsonErrors}; the field becomes {@code param}, the body as a whole none.
   */
  static OpenAiError of(JsonErrors.Problem p) {
    String param = p.field().isEmpty() || p.field().equals("body") ? null : p.field();
    String code = p.code().equals("invalid_request") ? null : p.code();
    return new OpenAiError(p.status(), "invalid_request_error", code, param, p.message(), null);
  }

  /** A value of the wrong kind: "{@code stream must be true or false, was "yes"}". */
  static OpenAiError mustBe(String field, String expected, JsonNode actual) {
    return of(JsonErrors.mustBe(field, expected, actual));
  }

  static OpenAiError unauthorized() {
    return new OpenAiError(
        401,
        "invalid_request_error",
        "invalid_api_key",
        null,
        "A valid API key is required: send Authorization: Bearer <key>",
        null);
  }

  static OpenAiError ledgerUnavailable() {
    return new OpenAiError(
        503,
        "api_error",
        "ledger_unavailable",
        null,
        "The usage ledger is unavailable, so calls are refused rather than served unrecorded",
        null);
  }

  /** What the client sees of a bug: the details go to the server log only. */
  static OpenAiError internal() {
    return new OpenAiError(
        500, "api_error", "internal_error", null, "internal error; see the server log", null);
  }

  /**
   * The event that ends a stream which failed after its first token: the status line has gone out
   * with the first chunk, so the error travels as a chunk before {@code [DONE]}.
   */
  static ObjectNode streamInterrupted(ObjectMapper json, ProviderException error) {
    ObjectNode e = json.createObjectNode();
    ObjectNode err = e.putObject("error");
    err.put("message", "the stream was interrupted: " + error.getMessage());
    err.put("type", "api_error");
    err.put("code", codeOf(error.reason()));
    return e;
  }
}
