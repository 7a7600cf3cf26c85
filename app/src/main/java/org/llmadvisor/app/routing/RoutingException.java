package org.llmadvisor.app.routing;

/**
 * A chat request the gateway cannot serve, in OpenAI's error vocabulary.
 *
 * @param status HTTP status to answer with
 * @param type OpenAI error type (invalid_request_error, rate_limit_error, api_error, ...)
 * @param code OpenAI error code (model_not_found, budget_exceeded, ...)
 */
public final class RoutingException extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final Long retryAfterSeconds;

  public RoutingException(
      int status, String type, String code, String param, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
