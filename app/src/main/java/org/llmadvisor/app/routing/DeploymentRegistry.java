package org.llmadvisor.app.routing;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.Deployments;
import org.llmadvisor.providers.ProviderType;
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
  private final Map<String, OllamaManagement> management = new ConcurrentHashMap<>();
  private final Catalogs catalogs;
  private final LatencyWindows windows;
  private final CallMetrics metrics;

  @Inject
  public DeploymentRegistry(
      AdvisorConfig config, Catalogs catalogs, LatencyWindows windows, CallMetrics metrics) {
    this.catalogs = catalogs;
    this.windows = windows;
    this.metrics = metrics;
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
                            + ".provider must be ollama|openai|azure-openai, was '"
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

  public MeteredDeployment register(DeploymentSettings s) {
    Deployments.Provisioned p = Deployments.provision(s, catalogs.offerings());
    MeteredDeployment m =
        new MeteredDeployment(p.deployment())
            .addListener(windows::record)
            .addListener(metrics::record);
    deployments.put(s.id(), m);
    settings.put(s.id(), s);
    p.management().ifPresentOrElse(x -> management.put(s.id(), x), () -> management.remove(s.id()));
    return m;
  }

  @Override
  public Optional<MeteredDeployment> find(String id) {
    return Optional.ofNullable(deployments.get(id));
  }

  public Optional<DeploymentSettings> settings(String id) {
    return Optional.ofNullable(settings.get(id));
  }

  /** Model management of an enabled Ollama deployment; empty for any other. */
  public Optional<OllamaManagement> management(String id) {
    return Optional.ofNullable(management.get(id));
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
