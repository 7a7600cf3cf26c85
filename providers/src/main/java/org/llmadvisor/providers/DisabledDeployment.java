package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A deployment whose settings are missing or incomplete: present, named, never null, {@linkplain
 * #enabled() not enabled}, and failing every call with a non-retriable error that says which
 * setting is missing.
 */
public final class DisabledDeployment implements Deployment {

  private final DeploymentDescription description;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  public DisabledDeployment(String id, ProviderType provider, String reason) {
    this.description = DeploymentDescription.disabled(id, provider, reason);
    this.chat =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest request) {
            throw error();
          }
        };
    this.streaming =
        new StreamingChatModel() {
          @Override
          public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            handler.onError(error());
          }
        };
  }

  private ProviderException error() {
    return new ProviderException(
        ProviderException.Reason.DISABLED,
        null,
        null,
        "deployment " + description.id() + " is disabled: " + reason(),
        null);
  }

  private String reason() {
    return description.disabledReason().orElseThrow();
  }

  @Override
  public DeploymentDescription description() {
    return description;
  }

  @Override
  public ChatModel chatModel() {
    return chat;
  }

  @Override
  public StreamingChatModel streamingChatModel() {
    return streaming;
  }

  @Override
  public Readiness ready() {
    return Readiness.down("disabled: " + reason());
  }
}
