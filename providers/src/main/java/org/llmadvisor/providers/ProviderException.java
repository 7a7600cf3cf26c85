package org.llmadvisor.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call, translated once at the edge: whether a retry (or another deployment) can help, why
 * it failed, and — for 429 — how long the provider asked to wait. Messages never contain request
 * bodies or keys.
 */
public final class ProviderException extends RuntimeException {

  /** Why a call failed. */
  public enum Reason {
    TIMEOUT(true),
    CONNECTION(true),
    RATE_LIMITED(true),
    SERVER_ERROR(true),
    STREAM_INTERRUPTED(true),
    MALFORMED_RESPONSE(true),
    AUTHENTICATION(false),
    NOT_FOUND(false),
    BAD_REQUEST(false),
    CONTENT_FILTERED(false),
    DISABLED(false),
    UNKNOWN(false);

    private final boolean retriable;

    Reason(boolean retriable) {
      this.retriable = retriable;
    }

    public boolean retriable() {
      return retriable;
    }
  }

  private final Reason reason;
  private final Integer status;
  private final Duration retryAfter;

  public ProviderException(
      Reason reason, Integer status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  public boolean retriable() {
    return reason.retriable();
  }

  public Optional<Integer> status() {
    return Optional.ofNullable(status);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
