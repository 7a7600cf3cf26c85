package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code messages} of a chat-completions request as langchain4j messages, read as OpenAI
 * defines them: a content is a string or a list of parts ({@code text}, {@code image_url}); an
 * assistant message may carry {@code tool_calls} and no content; a {@code tool} message answers one
 * call by its {@code tool_call_id}. An empty user or system content is refused by name:
 * langchain4j's messages cannot carry it, and no provider does anything useful with it.
 */
final class OpenAiMessages {

  private static final String ROLES = "system|developer|user|assistant|tool";

  private OpenAiMessages() {}

  static List<ChatMessage> parse(JsonNode messages) {
    List<ChatMessage> out = new ArrayList<>();
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      out.add(message(messages.get(i), "messages[" + i + "]", toolNames));
    }
    return out;
  }

  private static ChatMessage message(JsonNode m, String field, Map<String, String> toolNames) {
    if (m == null || !m.isObject()) {
      throw OpenAiErrors.mustBe(field, "an object with role and content", m);
    }
    JsonNode r = m.get("role");
    if (r == null || r.isNull()) {
      throw OpenAiErrors.invalid(field + ".role", field + ".role is required: " + ROLES);
    }
    if (!r.isTextual()) {
      throw OpenAiErrors.mustBe(field + ".role", ROLES, r);
    }
    String content = field + ".content";
    return switch (r.asText()) {
      case "system", "developer" ->
          SystemMessage.from(nonEmpty(text(m.get("content"), content), content));
      case "user" -> user(m, content);
      case "assistant" -> assistant(m, field, toolNames);
      case "tool" -> tool(m, field, toolNames);
      case "function" ->
          throw OpenAiErrors.invalid(
              field + ".role",
              field + ".role \"function\" is deprecated by OpenAI and not supported: use \"tool\"");
      default -> throw OpenAiErrors.mustBe(field + ".role", ROLES, r);
    };
  }

  private static String nonEmpty(String text, String field) {
    if (text.isBlank()) {
      throw OpenAiErrors.invalid(field, field + " must not be empty");
    }
    return text;
  }

  /** A content that may hold only text: a string, or text parts joined. */
  private static String text(JsonNode c, String field) {
    if (c == null || c.isNull()) {
      throw OpenAiErrors.invalid(field, field + " is required: a string or a list of text parts");
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (!c.isArray()) {
      throw OpenAiErrors.mustBe(field, "a string or a list of text parts", c);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.size(); i++) {
      sb.append(textPart(c.get(i), field + "[" + i + "]"));
    }
    return sb.toString();
  }

  private static String textPart(JsonNode part, String at) {
    if (part == null || !part.isObject()) {
      throw OpenAiErrors.mustBe(at, "an object {\"type\": \"text\", \"text\"}", part);
    }
    JsonNode type = part.get("type");
    // an assistant's earlier refusal is text the model said
    String key = type != null && "refusal".equals(type.asText()) ? "refusal" : "text";
    if (type == null
        || !type.isTextual()
        || !(type.asText().equals("text") || key.equals("refusal"))) {
      throw OpenAiErrors.mustBe(at + ".type", "\"text\"", type);
    }
    JsonNode text = part.get(key);
    if (text == null || !text.isTextual()) {
      throw OpenAiErrors.mustBe(at + "." + key, "a string", text);
    }
    return text.asText();
  }

  private static UserMessage user(JsonNode m, String field) {
    JsonNode c = m.get("content");
    JsonNode n = m.get("name");
    String name = n != null && n.isTextual() ? n.asText() : null;
    if (c == null || c.isNull() || c.isTextual()) {
      return UserMessage.from(name, List.of(TextContent.from(nonEmpty(text(c, field), field))));
    }
    if (!c.isArray()) {
      throw OpenAiErrors.mustBe(field, "a string or a list of text and image_url parts", c);
    }
    List<Content> parts = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode part = c.get(i);
      JsonNode type = part == null ? null : part.get("type");
      if (type != null && "image_url".equals(type.asText())) {
        parts.add(image(part.get("image_url"), at + ".image_url"));
        continue;
      }
      if (type != null && type.isTextual() && !"text".equals(type.asText())) {
        throw OpenAiErrors.invalid(
            at + ".type",
            at + ".type \"" + type.asText() + "\" is not supported: send text and image_url parts");
      }
      String text = textPart(part, at);
      if (!text.isBlank()) {
        parts.add(TextContent.from(text));
      }
    }
    if (parts.isEmpty()) {
      throw OpenAiErrors.invalid(field, field + " must hold a non-empty text or an image");
    }
    return UserMessage.from(name, parts);
  }

  /** An {@code image_url} part: an http(s) URL, which the provider fetches, or a data URL. */
  private static ImageContent image(JsonNode img, String field) {
    if (img == null || !img.isObject() || !img.path("url").isTextual()) {
      throw OpenAiErrors.mustBe(field, "an object {\"url\", \"detail\"}", img);
    }
    String url = img.get("url").asText();
    ImageContent.DetailLevel detail = ImageContent.DetailLevel.AUTO;
    JsonNode d = img.get("detail");
    if (d != null && !d.isNull()) {
      try {
        detail = ImageContent.DetailLevel.valueOf(d.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw OpenAiErrors.mustBe(field + ".detail", "\"auto\", \"low\" or \"high\"", d);
      }
    }
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String head = comma < 0 ? "" : url.substring(5, comma);
      if (!head.endsWith(";base64") || comma == url.length() - 1) {
        throw OpenAiErrors.invalid(
            field + ".url", field + ".url must be data:<type>;base64,<data> or an http(s) URL");
      }
      return ImageContent.from(
          url.substring(comma + 1), head.substring(0, head.length() - 7), detail);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw OpenAiErrors.invalid(field + ".url", field + ".url is not a URL");
    }
    // never file: or another scheme, which a provider's client might read on this server
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw OpenAiErrors.invalid(
          field + ".url", field + ".url must be an http(s) URL or a data URL");
    }
    return ImageContent.from(uri, detail);
  }

  private static AiMessage assistant(JsonNode m, String field, Map<String, String> toolNames) {
    JsonNode c = m.get("content");
    String text = c == null || c.isNull() ? null : text(c, field + ".content");
    JsonNode calls = m.get("tool_calls");
    List<ToolExecutionRequest> requests = new ArrayList<>();
    if (calls != null && !calls.isNull()) {
      if (!calls.isArray()) {
        throw OpenAiErrors.mustBe(field + ".tool_calls", "a list of tool calls", calls);
      }
      for (int i = 0; i < calls.size(); i++) {
        String at = field + ".tool_calls[" + i + "]";
        JsonNode call = calls.get(i);
        JsonNode fn = call == null ? null : call.get("function");
        if (call == null
            || !call.path("id").isTextual()
            || fn == null
            || !fn.path("name").isTextual()) {
          throw OpenAiErrors.mustBe(
              at,
              "an object {\"id\", \"type\": \"function\", \"function\": {\"name\", \"arguments\"}}",
              call);
        }
        JsonNode args = fn.get("arguments");
        String arguments =
            args == null || args.isNull()
                ? "{}"
                : args.isTextual() ? args.asText() : args.toString();
        toolNames.put(call.get("id").asText(), fn.get("name").asText());
        requests.add(
            ToolExecutionRequest.builder()
                .id(call.get("id").asText())
                .name(fn.get("name").asText())
                .arguments(arguments)
                .build());
      }
    }
    if (requests.isEmpty()) {
      return AiMessage.from(text == null ? "" : text);
    }
    return text == null || text.isEmpty()
        ? AiMessage.from(requests)
        : AiMessage.from(text, requests);
  }

  private static ToolExecutionResultMessage tool(
      JsonNode m, String field, Map<String, String> toolNames) {
    JsonNode id = m.get("tool_call_id");
    if (id == null || !id.isTextual()) {
      throw OpenAiErrors.invalid(
          field + ".tool_call_id",
          field + ".tool_call_id is required: the id of the assistant's tool call it answers");
    }
    String text = text(m.get("content"), field + ".content");
    return ToolExecutionResultMessage.from(id.asText(), toolNames.get(id.asText()), text);
  }
}
