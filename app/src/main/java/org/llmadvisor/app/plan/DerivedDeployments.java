package org.llmadvisor.app.plan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.providers.DeploymentSettings;

/**
 * Registers the deployments a plan made from configured ones (a server with another model), so the
 * gateway can call them; a plan restored after a restart needs them again.
 */
@ApplicationScoped
public class DerivedDeployments {

  private static final Logger LOG = Logger.getLogger(DerivedDeployments.class);

  private final DeploymentRegistry registry;

  @Inject
  public DerivedDeployments(DeploymentRegistry registry) {
    this.registry = registry;
  }

  public void register(Plan.Derived d) {
    if (d.baseDeploymentId() == null
        || registry.find(d.id()).isPresent() && d.id().equals(d.baseDeploymentId())) {
      return;
    }
    DeploymentSettings base = registry.settings(d.baseDeploymentId()).orElse(null);
    if (base == null) {
      LOG.warnf(
          "plan deployment %s needs %s, which is no longer configured",
          d.id(), d.baseDeploymentId());
      return;
    }
    registry.register(
        new DeploymentSettings(
            d.id(),
            base.provider(),
            base.baseUrl(),
            d.model(),
            base.apiKey(),
            base.apiVersion(),
            base.hardware(),
            base.timeout()));
  }
}
