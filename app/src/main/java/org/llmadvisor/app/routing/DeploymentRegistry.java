package org.llmadvisor.app.routing;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.transport.VertxTransport;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.factory.Deployments;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.ollama.OllamaManagement;
import org.llmadvisor.service.Catalogs;

/**
 * The deployments the gateway can call: those configured under {@code advisor.deployments.*}, plus
 * those a plan derives (an Ollama server serving a recommended tag). Every one is metered.
 */
@ApplicationScoped
public class DeploymentRegistry implements DeploymentLookup {

  private static final Logger LOG = Logger.getLogger(DeploymentRegistry.class);

  private final Map<String, MeteredDeployment> deployments = new ConcurrentHashMap<>();
  private final Map<String, DeploymentSettings> settings = new ConcurrentHashMap<>();
  private final Map<String, Map<String, OllamaManagement>> management = new ConcurrentHashMap<>();
  private final Map<String, ReplicaSet> replicas = new ConcurrentHashMap<>();
  private final Catalogs catalogs;
  private final LatencyWindows windows;
  private final CallMetrics metrics;
  private final ReplicaSet.Policy replicaPolicy;

  @Inject
  public DeploymentRegistry(
      AdvisorConfig config,
      Catalogs catalogs,
      LatencyWindows windows,
      CallMetrics metrics,
      VertxTransport transport) {
    // injected, hence created and installed, before any deployment is built: their langchain4j
    // clients take the transport at build time
    this.catalogs = catalogs;
    this.windows = windows;
    this.metrics = metrics;
    this.replicaPolicy =
        new ReplicaSet.Policy(
            config.routing().replicaFailureThreshold(),
            config.routing().replicaCooldown(),
            config.routing().latencyWindow());
    config.deployments().forEach((id, c) -> register(settings(id, c)));
  }

  void onStart(@Observes StartupEvent e) {
    deployments.values().forEach(d -> LOG.infof("deployment %s", d.describe()));
  }

  static DeploymentSettings settings(String id, AdvisorConfig.DeploymentConfig c) {
    ProviderType p =
        ProviderType.parse(c.provider())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "advisor.deployments."
                            + id
                            + ".provider must be "
                            + java.util.Arrays.stream(ProviderType.values())
                                .map(ProviderType::key)
                                .collect(java.util.stream.Collectors.joining("|"))
                            + ", was '"
                            + c.provider()
                            + "'"));
    return new DeploymentSettings(
        id,
        p,
        c.baseUrl().orElse(null),
        c.model().orElse(null),
        c.apiKey(),
        c.apiVersion(),
        c.hardware(),
        c.timeout());
  }

  /**
   * Builds the deployment of {@code s}, one provider deployment per replica URL behind a {@link
   * ReplicaSet}, metered as one, and makes it callable by its id.
   */
  public MeteredDeployment register(DeploymentSettings s) {
    List<String> urls = s.replicaUrls();
    Deployments.Provisioned first =
        Deployments.provision(
            urls.size() > 1 ? s.withBaseUrl(urls.get(0)) : s, catalogs.offerings());
    Deployment served = first.deployment();
    Map<String, OllamaManagement> managed = new LinkedHashMap<>();
    if (served.enabled()) {
      List<ReplicaSet.Replica> members = new ArrayList<>();
      for (int i = 0; i < Math.max(1, urls.size()); i++) {
        Deployments.Provisioned p =
            i == 0
                ? first
                : Deployments.provision(s.withBaseUrl(urls.get(i)), catalogs.offerings());
        String url = urls.isEmpty() ? "(provider default)" : urls.get(i);
        members.add(new ReplicaSet.Replica(url, p.deployment()));
        p.management().ifPresent(x -> managed.put(ReplicaSet.displayUrl(url), x));
      }
      ReplicaSet set =
          new ReplicaSet(
              DeploymentDescription.of(s, served.catalogEntry()),
              members,
              replicaPolicy,
              Clock.systemUTC(),
              metrics::record);
      replicas.put(s.id(), set);
      served = set;
    } else {
      replicas.remove(s.id());
    }
    MeteredDeployment m =
        new MeteredDeployment(served).addListener(windows::record).addListener(metrics::record);
    deployments.put(s.id(), m);
    settings.put(s.id(), s);
    if (managed.isEmpty()) {
      management.remove(s.id());
    } else {
      management.put(s.id(), java.util.Collections.unmodifiableMap(managed));
    }
    return m;
  }

  @Override
  public Optional<MeteredDeployment> find(String id) {
    return Optional.ofNullable(deployments.get(id));
  }

  public Optional<DeploymentSettings> settings(String id) {
    return Optional.ofNullable(settings.get(id));
  }

  /** Model management of an enabled Ollama deployment (its first replica); empty for any other. */
  public Optional<OllamaManagement> management(String id) {
    return managements(id).values().stream().findFirst();
  }

  /**
   * Model management of each replica of an enabled Ollama deployment, by replica URL (as {@link
   * ReplicaSet#displayUrl} shows it), in configured order; empty for any other deployment.
   */
  public Map<String, OllamaManagement> managements(String id) {
    return management.getOrDefault(id, Map.of());
  }

  /** The replicas of an enabled deployment; empty for a disabled one. */
  public Optional<ReplicaSet> replicas(String id) {
    return Optional.ofNullable(replicas.get(id));
  }

  public Collection<MeteredDeployment> all() {
    return deployments.values();
  }

  @Override
  public List<String> enabledIds() {
    return deployments.entrySet().stream()
        .filter(e -> e.getValue().enabled())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  public Map<String, DeploymentSettings> configured() {
    return new LinkedHashMap<>(settings);
  }
}
