package org.llmadvisor.app.routing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.factory.Deployments;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * A router over one in-process deployment, with circuits and latency windows of its own, a budget
 * that refuses nothing and a ledger that keeps nothing: the routing code path with no effect
 * outside it, for warming it up before the first real call.
 */
public final class OfflineRouter {

  private OfflineRouter() {}

  /**
   * A router over the deployment {@code s} describes, built as {@link DeploymentRegistry} builds
   * one (the provider's factory, a replica set, metering with a latency window), so that what runs
   * through it is the code a configured deployment runs.
   */
  public static Router over(DeploymentSettings s, OfferingCatalog offerings) {
    Deployment served = Deployments.provision(s, offerings).deployment();
    ReplicaSet set =
        new ReplicaSet(
            DeploymentDescription.of(s, served.catalogEntry()),
            List.of(new ReplicaSet.Replica(s.base(), served)),
            new ReplicaSet.Policy(2, Duration.ofSeconds(10), 50),
            Clock.systemUTC(),
            attempt -> {});
    LatencyWindows windows = new LatencyWindows(50, 5);
    return over(new MeteredDeployment(set).addListener(windows::record));
  }

  public static Router over(MeteredDeployment d) {
    DeploymentLookup one =
        new DeploymentLookup() {
          @Override
          public Optional<MeteredDeployment> find(String id) {
            return d.id().equals(id) ? Optional.of(d) : Optional.empty();
          }

          @Override
          public List<String> enabledIds() {
            return List.of(d.id());
          }
        };
    Spend nothing =
        new Spend() {
          @Override
          public boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
            return true;
          }

          @Override
          public void release(YearMonth month, BigDecimal amount) {}

          @Override
          public void record(String requestId, CallRecord record, BigDecimal reservation) {}
        };
    // a budget so that the reservation's arithmetic runs too
    RoutingPolicy policy = new RoutingPolicy(List.of(d.id()), 10_000, false, 1_000_000.0);
    Clock clock = Clock.systemUTC();
    return new Router(
        one,
        () -> Optional.of(policy),
        nothing,
        new CircuitBreakers(Integer.MAX_VALUE, Duration.ofSeconds(1), clock),
        new LatencyWindows(50, 5),
        clock);
  }
}
