package org.llmadvisor.app.routing;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.providers.metering.MeteredDeployment;

/** The deployments the router can call, by id: the {@link DeploymentRegistry} in the app. */
public interface DeploymentLookup {

  Optional<MeteredDeployment> find(String id);

  /** Ids of deployments that are configured and enabled, in a stable order. */
  List<String> enabledIds();
}
