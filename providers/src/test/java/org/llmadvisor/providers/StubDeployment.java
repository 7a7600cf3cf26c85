package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/** A deployment over given in-process models, for tests of what wraps deployments. */
public record StubDeployment(
    String id,
    ChatModel chatModel,
    StreamingChatModel streamingChatModel,
    CatalogEntry catalogEntry)
    implements Deployment {

  @Override
  public DeploymentKind kind() {
    return DeploymentKind.LOCAL;
  }

  @Override
  public ProviderType provider() {
    return ProviderType.OLLAMA;
  }

  @Override
  public String model() {
    return "stub";
  }

  @Override
  public Readiness ready() {
    return Readiness.up("stub");
  }

  @Override
  public String describe() {
    return id + " (stub)";
  }
}
