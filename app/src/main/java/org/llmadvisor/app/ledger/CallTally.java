package org.llmadvisor.app.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.service.Measurements;

/**
 * What a month of one deployment's calls adds up to: counts, tokens, cost and the histograms that
 * give its percentiles. Kept in the database beside the raw calls and updated in the same
 * transaction, so usage and measured speeds are read without scanning calls.
 *
 * <p>Generation speed is counted in hundredths of a token per second.
 */
public final class CallTally {

  /** One deployment in one calendar month (UTC). */
  public record Key(YearMonth month, String deploymentId) {}

  static final String TTFT = "ttft";
  static final String LATENCY = "latency";
  static final String SPEED = "tps";

  private final Key key;
  private String provider;
  private Instant firstStartedAt;
  private long requests;
  private long errors;
  private long promptTokens;
  private long completionTokens;
  private BigDecimal costUsd = BigDecimal.ZERO;
  private final Histogram ttftMs = new Histogram();
  private final Histogram latencyMs = new Histogram();
  private final Histogram centiTokensPerSecond = new Histogram();

  public CallTally(Key key) {
    this.key = key;
  }

  /** Counts one call: every call in the totals, successful ones in the percentiles. */
  public void add(CallRecord r) {
    if (firstStartedAt == null || r.startedAt().isBefore(firstStartedAt)) {
      firstStartedAt = r.startedAt();
      provider = r.provider();
    }
    requests++;
    promptTokens += r.promptTokens();
    completionTokens += r.completionTokens();
    costUsd = costUsd.add(r.costUsd());
    if (!r.success()) {
      errors++;
      return;
    }
    latencyMs.add(Math.max(0, r.latencyMs()));
    if (r.timeToFirstTokenMs() != null) {
      ttftMs.add(Math.max(0, r.timeToFirstTokenMs()));
      // generation speed after the first token: (tokens - 1) over the time since it
      if (r.completionTokens() > 1 && r.latencyMs() > r.timeToFirstTokenMs()) {
        double tps = (r.completionTokens() - 1) * 1000.0 / (r.latencyMs() - r.timeToFirstTokenMs());
        centiTokensPerSecond.add(Math.round(tps * 100));
      }
    }
  }

  /** Sets the totals read back from storage. */
  void restore(
      String provider,
      Instant firstStartedAt,
      long requests,
      long errors,
      long promptTokens,
      long completionTokens,
      BigDecimal costUsd) {
    this.provider = provider;
    this.firstStartedAt = firstStartedAt;
    this.requests = requests;
    this.errors = errors;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.costUsd = costUsd;
  }

  Histogram histogram(String metric) {
    return switch (metric) {
      case TTFT -> ttftMs;
      case LATENCY -> latencyMs;
      case SPEED -> centiTokensPerSecond;
      default -> throw new IllegalArgumentException("no histogram named " + metric);
    };
  }

  public Key key() {
    return key;
  }

  public String provider() {
    return provider;
  }

  public Instant firstStartedAt() {
    return firstStartedAt;
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long completionTokens() {
    return completionTokens;
  }

  public BigDecimal costUsd() {
    return costUsd;
  }

  /** Percentiles over the successful calls. */
  public Measurements measurements() {
    Double tps = centiTokensPerSecond.percentile(0.5);
    return new Measurements(
        key.deploymentId(),
        requests - errors,
        ttftMs.percentile(0.5),
        ttftMs.percentile(0.95),
        latencyMs.percentile(0.5),
        latencyMs.percentile(0.95),
        tps == null ? null : tps / 100);
  }
}
