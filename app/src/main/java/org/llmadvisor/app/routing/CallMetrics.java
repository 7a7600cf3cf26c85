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
 * and time-to-first-token histograms; per replica, attempts by outcome and the retries that moved a
 * call to another replica (the client call is counted once, under its deployment).
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

  public void record(ReplicaSet.Attempt a) {
    Counter.builder("advisor.replica.attempts")
        .tag("deployment", a.deploymentId())
        .tag("replica", a.replica())
        .tag("outcome", a.success() ? "success" : a.errorClass())
        .register(registry)
        .increment();
    if (a.retry()) {
      Counter.builder("advisor.replica.retries")
          .tag("deployment", a.deploymentId())
          .tag("replica", a.replica())
          .register(registry)
          .increment();
    }
  }
}
