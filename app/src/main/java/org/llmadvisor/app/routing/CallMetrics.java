package org.llmadvisor.app.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * Prometheus metrics per deployment at /q/metrics: requests by outcome, tokens, cost, and latency
 * and time-to-first-token histograms; per replica, attempts by outcome and the retries that moved a
 * call to another replica (the client call is counted once, under its deployment).
 */
@ApplicationScoped
public class CallMetrics {

  private final MeterRegistry registry;
  // meters looked up once per name and tags: a registration per call cost allocations and a map
  // search on the gateway's hot path
  private final Map<List<String>, Object> meters = new ConcurrentHashMap<>();

  @Inject
  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(CallRecord r) {
    String d = r.deploymentId();
    String outcome = r.success() ? "success" : r.errorClass();
    counter("advisor.requests", "deployment", d, "outcome", outcome).increment();
    counter("advisor.tokens", "deployment", d, "kind", "prompt").increment(r.promptTokens());
    counter("advisor.tokens", "deployment", d, "kind", "completion")
        .increment(r.completionTokens());
    ((DistributionSummary)
            meters.computeIfAbsent(
                List.of("advisor.cost.usd", d),
                k ->
                    DistributionSummary.builder("advisor.cost.usd")
                        .tag("deployment", d)
                        .register(registry)))
        .record(r.costUsd().doubleValue());
    timer("advisor.latency", d).record(Duration.ofMillis(r.latencyMs()));
    if (r.timeToFirstTokenMs() != null) {
      timer("advisor.time.to.first.token", d).record(Duration.ofMillis(r.timeToFirstTokenMs()));
    }
  }

  public void record(ReplicaSet.Attempt a) {
    String outcome = a.success() ? "success" : a.errorClass();
    counter(
            "advisor.replica.attempts",
            "deployment",
            a.deploymentId(),
            "replica",
            a.replica(),
            "outcome",
            outcome)
        .increment();
    if (a.retry()) {
      counter("advisor.replica.retries", "deployment", a.deploymentId(), "replica", a.replica())
          .increment();
    }
  }

  /** A counter named {@code name} with tags given as key, value, key, value... */
  private Counter counter(String name, String... tags) {
    List<String> key = new ArrayList<>(tags.length + 1);
    key.add(name);
    key.addAll(Arrays.asList(tags));
    return (Counter)
        meters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
  }

  private Timer timer(String name, String deployment) {
    return (Timer)
        meters.computeIfAbsent(
            List.of(name, deployment),
            k ->
                Timer.builder(name)
                    .tag("deployment", deployment)
                    .publishPercentileHistogram()
                    .register(registry));
  }
}
