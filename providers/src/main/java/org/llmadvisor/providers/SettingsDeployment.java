package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What every configured provider deployment shares: its settings, description and models. */
public abstract class SettingsDeployment implements Deployment {

  protected final DeploymentSettings settings;
  private final DeploymentDescription description;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  protected SettingsDeployment(
      DeploymentSettings settings,
      CatalogEntry entry,
      ChatModel chat,
      StreamingChatModel streaming) {
    this.settings = settings;
    this.description = DeploymentDescription.of(settings, entry);
    this.chat = AdaptedChatModels.of(chat, (UnaryOperator<ChatRequest>) this::adapt);
    this.streaming = AdaptedChatModels.of(streaming, (UnaryOperator<ChatRequest>) this::adapt);
  }

  /**
   * The request in this provider's dialect; called on every call, after {@link #refuses} passed it.
   */
  protected ChatRequest adapt(ChatRequest request) {
    return request;
  }

  @Override
  public Optional<Refusal> refuses(ChatRequest request) {
    return Optional.empty();
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
}
