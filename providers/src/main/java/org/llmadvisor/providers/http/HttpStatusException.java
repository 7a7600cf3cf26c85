package org.llmadvisor.providers.http;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A non-2xx answer with its headers kept, so that a 429's Retry-After reaches the router.
 * langchain4j's own {@link HttpException} carries only the status and body.
 */
public final class HttpStatusException extends HttpException {

  private final Duration retryAfter;

  public HttpStatusException(int status, String body, Map<String, List<String>> headers) {
    super(status, body);
    this.retryAfter = retryAfter(headers);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
  static Duration retryAfter(Map<String, List<String>> headers) {
    for (var e : headers.entrySet()) {
      if (e.getKey() != null
          && e.getKey().equalsIgnoreCase("retry-after")
          && !e.getValue().isEmpty()) {
        String v = e.getValue().get(0).trim();
        try {
          return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
          try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return d.isNegative() ? Duration.ZERO : d;
          } catch (RuntimeException notDate) {
            return null;
          }
        }
      }
    }
    return null;
  }
}
