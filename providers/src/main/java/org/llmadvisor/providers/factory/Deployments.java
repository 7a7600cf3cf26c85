package org.llmadvisor.providers.factory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.cost.TokenPrice;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentKind;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.DisabledDeployment;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.azure.AzureOpenAiDeployment;
import org.llmadvisor.providers.ollama.OllamaDeployment;
import org.llmadvisor.providers.ollama.OllamaManagement;
import org.llmadvisor.providers.openai.OpenAiDeployment;
import org.llmadvisor.providers.vllm.VllmDeployment;

/** Builds deployments from settings; incomplete settings give a disabled stand-in, never null. */
public final class Deployments {

  private Deployments() {}

  /**
   * A deployment and what its provider offers beyond chat.
   *
   * @param management Ollama's model management, present for an enabled Ollama deployment only
   */
  public record Provisioned(Deployment deployment, Optional<OllamaManagement> management) {}

  public static Deployment create(DeploymentSettings s, OfferingCatalog catalog) {
    return provision(s, catalog).deployment();
  }

  public static Provisioned provision(DeploymentSettings s, OfferingCatalog catalog) {
    List<String> missing = missing(s);
    if (!missing.isEmpty()) {
      return new Provisioned(
          new DisabledDeployment(
              s.id(),
              s.provider(),
              "missing advisor.deployments." + s.id() + "." + String.join(", .", missing)),
          Optional.empty());
    }
    CatalogEntry entry = entry(s, catalog);
    return switch (s.provider()) {
      case OLLAMA -> {
        OllamaManagement m = OllamaManagement.connect(s.base(), s.timeout());
        yield new Provisioned(new OllamaDeployment(s, entry, m), Optional.of(m));
      }
      case OPENAI -> new Provisioned(new OpenAiDeployment(s, entry), Optional.empty());
      case AZURE_OPENAI -> new Provisioned(new AzureOpenAiDeployment(s, entry), Optional.empty());
      case VLLM -> new Provisioned(new VllmDeployment(s, entry), Optional.empty());
    };
  }

  static List<String> missing(DeploymentSettings s) {
    List<String> m = new ArrayList<>();
    if (s.model() == null || s.model().isBlank()) {
      m.add("model");
    }
    if (s.provider() != ProviderType.OPENAI && (s.baseUrl() == null || s.baseUrl().isBlank())) {
      m.add("base-url");
    }
    // a local server takes a key only if it was started with one (vLLM's --api-key)
    if (s.provider().kind() == DeploymentKind.CLOUD && s.apiKey().isEmpty()) {
      m.add("api-key");
    }
    return m;
  }

  /**
   * Price and speed from the core catalog: a cloud offering by provider and model; a local server
   * (Ollama, vLLM) runs on owned hardware, so a call costs nothing beyond the hardware and energy
   * the advice already counts.
   */
  static CatalogEntry entry(DeploymentSettings s, OfferingCatalog catalog) {
    if (s.provider().kind() == DeploymentKind.LOCAL) {
      return CatalogEntry.local(
          "local model on owned hardware"
              + s.hardware().map(h -> " (" + h + ")").orElse("")
              + ": no charge per call");
    }
    String prefix = s.provider() == ProviderType.OPENAI ? "openai/" : "azure/";
    Optional<CloudOffering> o = catalog.offering(prefix + s.model());
    return o.map(
            x ->
                new CatalogEntry(
                    false,
                    TokenPrice.of(x.inputUsdPerMillion(), x.outputUsdPerMillion()),
                    x.timeToFirstTokenSeconds(),
                    x.outputTokensPerSecond(),
                    x.quality().map(q -> q.score()),
                    x.priceSource(),
                    x.reasoning()))
        .orElse(CatalogEntry.unknown());
  }
}
