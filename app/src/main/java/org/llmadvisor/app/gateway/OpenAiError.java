package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer in OpenAI's error shape ({@code openai/openai-openapi}: ErrorResponse), thrown inside
 * the gateway wherever a request ends early and written once by the route.
 */
final class OpenAiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final Long retryAfterSeconds;

  /**
   * @param status HTTP status to answer with
   * @param type OpenAI error type (invalid_request_error, rate_limit_error, api_error, ...)
   * @param code OpenAI error code (model_not_found, budget_exceeded, ...), or null
   * @param param the request field at fault, or null
   * @param retryAfterSeconds the Retry-After header, or null for none
   */
  OpenAiError(
      int status, String type, String code, String param, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String code() {
    return code;
  }

  String param() {
    return param;
  }

  Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** {@code {"error": {"message", "type", "param", "code"}}}, absent values as JSON nulls. */
  ObjectNode body(ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    ObjectNode err = o.putObject("error");
    err.put("message", getMessage());
    err.put("type", type);
    if (param == null) {
      err.putNull("param");
    } else {
      err.put("param", param);
    }
    if (code == null) {
      err.putNull("code");
    } else {
      err.put("code", code);
    }
    return o;
  }
}
