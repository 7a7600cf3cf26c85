package org.llmadvisor.providers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The provider behind a deployment, named as in configuration. */
public enum ProviderType {
  OLLAMA("ollama", DeploymentKind.LOCAL),
  OPENAI("openai", DeploymentKind.CLOUD),
  AZURE_OPENAI("azure-openai", DeploymentKind.CLOUD),
  VLLM("vllm", DeploymentKind.LOCAL);

  private final String key;
  private final DeploymentKind kind;

  ProviderType(String key, DeploymentKind kind) {
    this.key = key;
    this.kind = kind;
  }

  public String key() {
    return key;
  }

  public DeploymentKind kind() {
    return kind;
  }

  public static Optional<ProviderType> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String k = s.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.key.equals(k)).findFirst();
  }
}
