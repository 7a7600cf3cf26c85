package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.Optional;

/** A deployment over given in-process models, for tests of what wraps deployments. */
public record StubDeployment(
    String id,
    ChatModel chatModel,
    StreamingChatModel streamingChatModel,
    CatalogEntry catalogEntry)
    implements Deployment {

  @Override
  public DeploymentDescription description() {
    return new DeploymentDescription(
        id, ProviderType.OLLAMA, "stub", catalogEntry, Optional.empty(), id + " (stub)");
  }

  @Override
  public Readiness ready() {
    return Readiness.up("stub");
  }
}
