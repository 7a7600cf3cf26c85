package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

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
    this.chat = chat;
    this.streaming = streaming;
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
