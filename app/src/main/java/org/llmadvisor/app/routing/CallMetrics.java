package org.llmadvisor.app.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * Prometheus metrics per deployment at /q/metrics: requests by outcome, tokens, cost, and latency
 * and time-to-first-token histograms.
 */
@ApplicationScoped
public class CallMetrics {

  private final MeterRegistry registry;

  @Inject
  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(CallRecord r) {
    String d = r.deploymentId();
    Counter.builder("advisor.requests")
        .tag("deployment", d)
        .tag("outcome", r.success() ? "success" : r.errorClass())
        .register(registry)
        .increment();
    Counter.builder("advisor.tokens")
        .tag("deployment", d)
        .tag("kind", "prompt")
        .register(registry)
        .increment(r.promptTokens());
    Counter.builder("advisor.tokens")
        .tag("deployment", d)
        .tag("kind", "completion")
        .register(registry)
        .increment(r.completionTokens());
    DistributionSummary.builder("advisor.cost.usd")
        .tag("deployment", d)
        .register(registry)
        .record(r.costUsd().doubleValue());
    Timer.builder("advisor.latency")
        .tag("deployment", d)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofMillis(r.latencyMs()));
    if (r.timeToFirstTokenMs() != null) {
      Timer.builder("advisor.time.to.first.token")
          .tag("deployment", d)
          .publishPercentileHistogram()
          .register(registry)
          .record(Duration.ofMillis(r.timeToFirstTokenMs()));
    }
  }
}
