package org.llmadvisor.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import org.llmadvisor.providers.http.HttpStatusException;

/**
 * Translates whatever a provider call threw into one {@link ProviderException}: retriable (timeout,
 * connection refused, 429, 5xx, a stream cut short, a garbled body) or not (401/403, 404, 400,
 * content filter).
 */
public final class ProviderErrors {

  private ProviderErrors() {}

  public static ProviderException translate(Throwable t) {
    if (t instanceof ProviderException p) {
      return p;
    }
    HttpStatusException http = find(t, HttpStatusException.class);
    if (http != null) {
      return fromStatus(http.statusCode(), http.retryAfter().orElse(null), http.getMessage(), t);
    }
    if (find(t, HttpConnectTimeoutException.class) != null
        || find(t, ConnectException.class) != null
        || find(t, UnresolvedAddressException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.CONNECTION, null, null, "cannot connect to the provider", t);
    }
    if (find(t, HttpTimeoutException.class) != null
        || find(t, TimeoutException.class) != null
        || find(t, java.util.concurrent.TimeoutException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.TIMEOUT, null, null, "the provider did not answer in time", t);
    }
    HttpException l4j = find(t, HttpException.class);
    if (l4j != null) {
      return fromStatus(l4j.statusCode(), null, l4j.getMessage(), t);
    }
    if (find(t, RateLimitException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.RATE_LIMITED, 429, null, "rate limited", t);
    }
    if (find(t, AuthenticationException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.AUTHENTICATION, 401, null, "authentication failed", t);
    }
    if (find(t, ModelNotFoundException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.NOT_FOUND, 404, null, "model or deployment not found", t);
    }
    if (find(t, ContentFilteredException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.CONTENT_FILTERED, 400, null, "content filtered", t);
    }
    if (find(t, InvalidRequestException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.BAD_REQUEST, 400, null, "the provider rejected the request", t);
    }
    if (find(t, InternalServerException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.SERVER_ERROR, 500, null, "provider error", t);
    }
    if (find(t, JsonProcessingException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.MALFORMED_RESPONSE,
          null,
          null,
          "the provider's response is not valid JSON",
          t);
    }
    if (find(t, IOException.class) != null || find(t, UncheckedIOException.class) != null) {
      return new ProviderException(
          ProviderException.Reason.STREAM_INTERRUPTED,
          null,
          null,
          "the connection broke before the answer was complete",
          t);
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (msg.toLowerCase(Locale.ROOT).contains("json")
        || t instanceof IllegalStateException && msg.contains("parse")) {
      return new ProviderException(
          ProviderException.Reason.MALFORMED_RESPONSE,
          null,
          null,
          "the provider's response could not be read",
          t);
    }
    return new ProviderException(
        ProviderException.Reason.UNKNOWN,
        null,
        null,
        "provider call failed: " + t.getClass().getSimpleName(),
        t);
  }

  static ProviderException fromStatus(
      int status, Duration retryAfter, String body, Throwable cause) {
    ProviderException.Reason r;
    if (status == 429) {
      r = ProviderException.Reason.RATE_LIMITED;
    } else if (status == 401 || status == 403) {
      r = ProviderException.Reason.AUTHENTICATION;
    } else if (status == 404) {
      r = ProviderException.Reason.NOT_FOUND;
    } else if (status == 408 || status == 504) {
      r = ProviderException.Reason.TIMEOUT;
    } else if (status >= 500) {
      r = ProviderException.Reason.SERVER_ERROR;
    } else if (status == 400 && body != null && body.contains("content_filter")) {
      r = ProviderException.Reason.CONTENT_FILTERED;
    } else {
      r = ProviderException.Reason.BAD_REQUEST;
    }
    return new ProviderException(r, status, retryAfter, "provider answered HTTP " + status, cause);
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
