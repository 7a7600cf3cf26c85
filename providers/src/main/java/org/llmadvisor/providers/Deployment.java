package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * One model at one provider, as the app and the router see it: they never touch a provider type.
 *
 * <p>Contract: {@link #chatModel()} and {@link #streamingChatModel()} are never null (a deployment
 * without settings serves a disabled stand-in that fails every call with a non-retriable error);
 * {@link #ready()} performs a cheap network check and never throws; errors from calls are
 * translated once, by {@link ProviderErrors#translate(Throwable)}.
 */
public interface Deployment {

  /** The configured id ({@code advisor.deployments.<id>}). */
  String id();

  DeploymentKind kind();

  ProviderType provider();

  /** The Ollama tag, OpenAI model or Azure deployment name. */
  String model();

  ChatModel chatModel();

  StreamingChatModel streamingChatModel();

  /** Probes the provider: Ollama lists its models, the cloud lists its models; never throws. */
  Readiness ready();

  /** Price, speed and quality from the core catalog. */
  CatalogEntry catalogEntry();

  /** Settings with the key masked, for logs and health output. */
  String describe();
}
