package org.llmadvisor.providers;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a deployment is, as logs, health output and the router need it.
 *
 * @param id the configured id ({@code advisor.deployments.<id>})
 * @param model the Ollama tag, OpenAI model or Azure deployment name; empty when disabled
 * @param catalogEntry price, speed and quality from the core catalog
 * @param disabledReason present when the settings are incomplete: which ones are missing
 * @param text the settings with the key masked, for logs and health output
 */
public record DeploymentDescription(
    String id,
    ProviderType provider,
    String model,
    CatalogEntry catalogEntry,
    Optional<String> disabledReason,
    String text) {

  public DeploymentDescription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(catalogEntry, "catalogEntry");
    model = model == null ? "" : model;
    disabledReason = disabledReason == null ? Optional.empty() : disabledReason;
  }

  /** A deployment whose settings are complete. */
  public static DeploymentDescription of(DeploymentSettings s, CatalogEntry entry) {
    return new DeploymentDescription(
        s.id(), s.provider(), s.model(), entry, Optional.empty(), s.toString());
  }

  /** A switched-off deployment, and why. */
  public static DeploymentDescription disabled(String id, ProviderType provider, String reason) {
    return new DeploymentDescription(
        id,
        provider,
        "",
        CatalogEntry.unknown(),
        Optional.of(reason),
        id + " (" + provider.key() + ", disabled: " + reason + ")");
  }

  public boolean enabled() {
    return disabledReason.isEmpty();
  }
}
