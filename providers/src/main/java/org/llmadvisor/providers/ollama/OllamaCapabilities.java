package org.llmadvisor.providers.ollama;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.providers.Refusal;

/**
 * Whether an Ollama model can take a request's tools and images, from the {@code capabilities}
 * Ollama lists for it in {@code /api/show} (since 0.6: {@code ["completion", "tools", "vision"]}
 * and the like). Without it a model that lacks tool support answers Ollama's own 400 ("does not
 * support tools"), which the router would take for a failed call, and a text-only model would
 * silently ignore the images: asked first, the request is refused by name, and a fallback never
 * goes to such a model.
 *
 * <p>Each model's list is asked once and kept: capabilities belong to the model's files, which a
 * tag keeps until it is pulled again. A failed {@code /api/show} (server down, model not pulled) is
 * not kept and refuses nothing: the call itself then fails, as it would have. A server too old to
 * list capabilities refuses nothing either; its own error, if any, stands.
 */
final class OllamaCapabilities {

  private final OllamaManagement management;
  private final Map<String, List<String>> known = new ConcurrentHashMap<>();

  OllamaCapabilities(OllamaManagement management) {
    this.management = management;
  }

  Optional<Refusal> refusal(ChatRequest request, String model) {
    boolean tools = wantsTools(request.parameters());
    int image = firstImage(request.messages());
    if (!tools && image < 0) {
      return Optional.empty();
    }
    List<String> capabilities = capabilities(model);
    if (capabilities.isEmpty()) {
      return Optional.empty();
    }
    if (tools && !capabilities.contains("tools")) {
      return Optional.of(
          new Refusal(
              "tools",
              "tools are not supported by "
                  + model
                  + " on Ollama: its capabilities are "
                  + capabilities
                  + " (no \"tools\"); choose a model that supports tool calling"));
    }
    if (image >= 0 && !capabilities.contains("vision")) {
      return Optional.of(
          new Refusal(
              "messages[" + image + "].content",
              "image_url parts are not supported by "
                  + model
                  + " on Ollama: its capabilities are "
                  + capabilities
                  + " (no \"vision\"); choose a vision model"));
    }
    return Optional.empty();
  }

  private List<String> capabilities(String model) {
    List<String> c = known.get(model);
    if (c != null) {
      return c;
    }
    try {
      c = management.show(model).capabilities();
    } catch (RuntimeException e) {
      return List.of();
    }
    known.put(model, c);
    return c;
  }

  /** Tools a call would send: given, and not switched off by {@code tool_choice: none}. */
  private static boolean wantsTools(ChatRequestParameters p) {
    if (p.toolSpecifications() == null || p.toolSpecifications().isEmpty()) {
      return false;
    }
    if (p.toolChoice() == ToolChoice.NONE) {
      return false;
    }
    return !(p instanceof OpenAiChatRequestParameters o
        && o.customParameters() != null
        && "none".equals(o.customParameters().get("tool_choice")));
  }

  private static int firstImage(List<ChatMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof UserMessage u
          && u.contents().stream().anyMatch(ImageContent.class::isInstance)) {
        return i;
      }
    }
    return -1;
  }
}
