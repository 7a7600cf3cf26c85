package org.llmadvisor.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Optional;
import org.llmadvisor.providers.factory.Deployments;

/**
 * One model at one provider, as the app and the router see it: they never touch a provider type.
 * Four things every provider has: a blocking chat, a streamed chat, a readiness probe and a
 * description; everything else (id, provider, model, price, whether it is switched on) is read from
 * the description. What only one provider offers stays off this interface: Ollama's model
 * management is an {@link org.llmadvisor.providers.ollama.OllamaManagement}, handed out by {@link
 * Deployments#provision}.
 *
 * <p>Contract: {@link #chatModel()} and {@link #streamingChatModel()} are never null (a deployment
 * without settings serves a disabled stand-in that fails every call with a non-retriable error);
 * {@link #ready()} performs a cheap network check and never throws. Errors from calls are
 * translated once, by {@link ProviderErrors#translate(Throwable)}, where they leave the provider:
 * wrapped in a {@link org.llmadvisor.providers.metering.MeteredDeployment} (the metering hook,
 * which hands each call's record to its listeners) every error a caller sees is a {@link
 * ProviderException}.
 */
public interface Deployment {

  /** Who this deployment is; never null. */
  DeploymentDescription description();

  /** Blocking chat; never null. */
  ChatModel chatModel();

  /** Streamed chat; never null. */
  StreamingChatModel streamingChatModel();

  /** Probes the provider: Ollama lists its models, the cloud lists its models; never throws. */
  Readiness ready();

  /**
   * What in {@code request} this deployment cannot honour, if anything: a parameter its provider or
   * model does not take. Asked before a call, so that nothing a client sends is dropped on the way
   * and a fallback never goes to a deployment that would drop it; never throws.
   */
  default Optional<Refusal> refuses(ChatRequest request) {
    return Optional.empty();
  }

  /** The configured id ({@code advisor.deployments.<id>}). */
  default String id() {
    return description().id();
  }

  default ProviderType provider() {
    return description().provider();
  }

  default DeploymentKind kind() {
    return description().provider().kind();
  }

  /** The Ollama tag, OpenAI model or Azure deployment name; empty when disabled. */
  default String model() {
    return description().model();
  }

  /** Price, speed and quality from the core catalog. */
  default CatalogEntry catalogEntry() {
    return description().catalogEntry();
  }

  /** False for the stand-in of a deployment whose settings are incomplete. */
  default boolean enabled() {
    return description().enabled();
  }

  /** Settings with the key masked, for logs and health output. */
  default String describe() {
    return description().text();
  }
}
