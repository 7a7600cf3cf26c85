package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A deployment whose settings are missing or incomplete: present, named, never null, and failing
 * every call with a non-retriable error that says which setting is missing.
 */
public final class DisabledDeployment implements Deployment {

  private final String id;
  private final ProviderType provider;
  private final String reason;

  public DisabledDeployment(String id, ProviderType provider, String reason) {
    this.id = id;
    this.provider = provider;
    this.reason = reason;
  }

  private ProviderException error() {
    return new ProviderException(
        ProviderException.Reason.DISABLED,
        null,
        null,
        "deployment " + id + " is disabled: " + reason,
        null);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DeploymentKind kind() {
    return provider.kind();
  }

  @Override
  public ProviderType provider() {
    return provider;
  }

  @Override
  public String model() {
    return "";
  }

  @Override
  public ChatModel chatModel() {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        throw error();
      }
    };
  }

  @Override
  public StreamingChatModel streamingChatModel() {
    return new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        handler.onError(error());
      }
    };
  }

  @Override
  public Readiness ready() {
    return Readiness.down("disabled: " + reason);
  }

  @Override
  public CatalogEntry catalogEntry() {
    return CatalogEntry.unknown();
  }

  @Override
  public String describe() {
    return id + " (" + provider.key() + ", disabled: " + reason + ")";
  }
}
