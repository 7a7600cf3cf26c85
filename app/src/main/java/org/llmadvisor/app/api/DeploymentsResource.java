package org.llmadvisor.app.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.llmadvisor.app.routing.CircuitBreakers;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.app.routing.ReplicaSet;

/**
 * The configured deployments with their readiness (keys never shown), and each one's replicas: URL
 * (without user info or query), up or ejected, calls in flight, measured p50/p95 latency.
 */
@Path("/api/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

  @Inject DeploymentRegistry registry;
  @Inject CircuitBreakers breakers;

  public record DeploymentView(
      String id,
      String provider,
      String kind,
      String model,
      boolean ready,
      String detail,
      boolean circuitOpen,
      String zeroMarginalCost,
      List<ReplicaSet.ReplicaView> replicas) {}

  @GET
  public List<DeploymentView> list() {
    return registry.all().stream()
        .map(
            d -> {
              var r = d.ready();
              return new DeploymentView(
                  d.id(),
                  d.provider().key(),
                  d.kind().name().toLowerCase(java.util.Locale.ROOT),
                  d.model(),
                  r.ready(),
                  r.detail(),
                  breakers.isOpen(d.id()),
                  String.valueOf(d.catalogEntry().zeroMarginalCost()),
                  registry.replicas(d.id()).map(ReplicaSet::views).orElse(List.of()));
            })
        .sorted(java.util.Comparator.comparing(DeploymentView::id))
        .toList();
  }
}
