package org.llmadvisor.providers.ollama;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.providers.Refusal;

/**
 * A request in OpenAI's terms as Ollama's {@code /api/chat} takes it
 * (https://github.com/ollama/ollama/blob/main/docs/api.md): {@code seed} goes into Ollama's
 * options, tools and {@code format} go as langchain4j's Ollama client sends them, images as base64.
 * What Ollama has no counterpart for is refused by name rather than dropped: {@code logit_bias},
 * {@code user}, {@code reasoning_effort}, the penalties, a {@code tool_choice} that forces a call,
 * {@code parallel_tool_calls: false}, and an image given by URL (Ollama takes the image bytes; the
 * gateway does not fetch URLs for it).
 */
final class OllamaRequests {

  private OllamaRequests() {}

  /** Where {@link #withContextLength} carries {@code num_ctx} up to {@link #adapt}. */
  private static final String NUM_CTX = "num_ctx";

  /**
   * The request with {@code num_ctx} among its custom parameters: the request's parameters are
   * OpenAI's (the gateway's), which have no field for it, and only {@link #adapt} reads it.
   */
  static ChatRequest withContextLength(ChatRequest request, int tokens) {
    ChatRequestParameters p = request.parameters();
    OpenAiChatRequestParameters o =
        p instanceof OpenAiChatRequestParameters op
            ? op
            : OpenAiChatRequestParameters.builder().overrideWith(p).build();
    Map<String, Object> raw =
        new java.util.LinkedHashMap<>(
            o.customParameters() == null ? Map.of() : o.customParameters());
    raw.put(NUM_CTX, tokens);
    return ChatRequest.builder()
        .messages(request.messages())
        .parameters(
            OpenAiChatRequestParameters.builder().overrideWith(o).customParameters(raw).build())
        .build();
  }

  static Optional<Refusal> refusal(ChatRequest request, String model) {
    List<ChatMessage> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof UserMessage u) {
        if (u.contents().stream().noneMatch(TextContent.class::isInstance)) {
          return said(
              "messages[" + i + "].content",
              "Ollama (deployment of " + model + ") needs a text part beside the images");
        }
        for (Content c : u.contents()) {
          if (c instanceof ImageContent img && img.image().base64Data() == null) {
            return said(
                "messages[" + i + "].content",
                "an image given by URL cannot be sent to Ollama (deployment of "
                    + model
                    + "): send it as a data URL");
          }
        }
      }
    }
    ChatRequestParameters p = request.parameters();
    if (p.frequencyPenalty() != null) {
      return refuse("frequency_penalty", model);
    }
    if (p.presencePenalty() != null) {
      return refuse("presence_penalty", model);
    }
    if (p.toolChoice() == ToolChoice.REQUIRED) {
      return refuse("tool_choice", model);
    }
    if (!(p instanceof OpenAiChatRequestParameters o)) {
      return Optional.empty();
    }
    if (o.logitBias() != null && !o.logitBias().isEmpty()) {
      return refuse("logit_bias", model);
    }
    if (o.user() != null) {
      return refuse("user", model);
    }
    if (o.reasoningEffort() != null) {
      return refuse("reasoning_effort", model);
    }
    if (Boolean.FALSE.equals(o.parallelToolCalls())) {
      return refuse("parallel_tool_calls", model);
    }
    if (o.serviceTier() != null) {
      return refuse("service_tier", model);
    }
    Map<String, Object> raw = o.customParameters() == null ? Map.of() : o.customParameters();
    Object choice = raw.get("tool_choice");
    if (choice != null && !"auto".equals(choice) && !"none".equals(choice)) {
      return refuse("tool_choice", model);
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(String param, String model) {
    return said(param, param + " is not supported by Ollama (deployment of " + model + ")");
  }

  private static Optional<Refusal> said(String param, String message) {
    return Optional.of(new Refusal(param, message));
  }

  /**
   * Ollama's client keeps only Ollama's parameters, so the seed is carried over into them; {@code
   * tool_choice: none} becomes no tools, which is what it means; a user message with images keeps
   * one text, as Ollama's message has one content and a list of images.
   */
  static ChatRequest adapt(ChatRequest request) {
    List<ChatMessage> messages = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      messages.add(m instanceof UserMessage u && !u.hasSingleText() ? oneText(u) : m);
    }
    ChatRequestParameters p = request.parameters();
    var b = OllamaChatRequestParameters.builder().overrideWith(p);
    if (p instanceof OpenAiChatRequestParameters o) {
      b.seed(o.seed());
      Map<String, Object> raw = o.customParameters() == null ? Map.of() : o.customParameters();
      if (raw.get(NUM_CTX) instanceof Integer n) {
        b.numCtx(n);
      }
      if (p.toolChoice() == ToolChoice.NONE || "none".equals(raw.get("tool_choice"))) {
        b.toolSpecifications(List.of()).toolChoice(null);
      }
    }
    return ChatRequest.builder().messages(messages).parameters(b.build()).build();
  }

  private static UserMessage oneText(UserMessage u) {
    StringBuilder text = new StringBuilder();
    List<Content> images = new ArrayList<>();
    for (Content c : u.contents()) {
      if (c instanceof TextContent t) {
        text.append(text.isEmpty() ? "" : "\n").append(t.text());
      } else {
        images.add(c);
      }
    }
    List<Content> out = new ArrayList<>();
    // Ollama's client needs exactly one text beside the images ({@link #refusal} saw to one)
    out.add(TextContent.from(text.toString()));
    out.addAll(images);
    return UserMessage.from(out);
  }
}
