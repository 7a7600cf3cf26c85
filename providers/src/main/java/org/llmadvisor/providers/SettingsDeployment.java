package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/** What every configured provider deployment shares: its settings, catalog entry and models. */
public abstract class SettingsDeployment implements Deployment {

  protected final DeploymentSettings settings;
  private final CatalogEntry entry;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  protected SettingsDeployment(
      DeploymentSettings settings,
      CatalogEntry entry,
      ChatModel chat,
      StreamingChatModel streaming) {
    this.settings = settings;
    this.entry = entry;
    this.chat = chat;
    this.streaming = streaming;
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public DeploymentKind kind() {
    return settings.provider().kind();
  }

  @Override
  public ProviderType provider() {
    return settings.provider();
  }

  @Override
  public String model() {
    return settings.model();
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
  public CatalogEntry catalogEntry() {
    return entry;
  }

  @Override
  public String describe() {
    return settings.toString();
  }
}
