package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * OpenAI's chat-completions wire format ({@code openai/openai-openapi}:
 * CreateChatCompletionRequest, CreateChatCompletionResponse, CreateChatCompletionStreamResponse) to
 * and from langchain4j. Unknown request fields are ignored, as OpenAI's own API does for fields it
 * does not use here, so clients that send extras keep working.
 */
final class OpenAiMapping {

  static final int MAX_MESSAGES = 1000;

  private OpenAiMapping() {}

  /** A parsed request. */
  record Parsed(
      String model, ChatRequest request, Integer maxTokens, boolean stream, boolean includeUsage) {}

  static Parsed parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw OpenAiErrors.invalid(null, "The body must be a JSON object");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw OpenAiErrors.invalid(
          "model", "model is required: \"auto\" or a deployment id from GET /v1/models");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw OpenAiErrors.invalid("messages", "messages must be a non-empty array");
    }
    if (messages.size() > MAX_MESSAGES) {
      throw OpenAiErrors.invalid(
          "messages",
          "messages may hold at most " + MAX_MESSAGES + " entries, had " + messages.size());
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      out.add(message(messages.get(i), "messages[" + i + "]"));
    }
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && (!n.canConvertToInt() || n.asInt() != 1)) {
      throw OpenAiErrors.invalid("n", "only n = 1 is supported");
    }
    if (body.hasNonNull("tools") || body.hasNonNull("functions")) {
      throw OpenAiErrors.invalid("tools", "tool calling is not supported by this gateway");
    }
    DefaultChatRequestParameters.Builder<?> p = ChatRequestParameters.builder();
    Double temperature = number(body, "temperature", 0, 2);
    if (temperature != null) {
      p.temperature(temperature);
    }
    Double topP = number(body, "top_p", 0, 1);
    if (topP != null) {
      p.topP(topP);
    }
    Double presence = number(body, "presence_penalty", -2, 2);
    if (presence != null) {
      p.presencePenalty(presence);
    }
    Double frequency = number(body, "frequency_penalty", -2, 2);
    if (frequency != null) {
      p.frequencyPenalty(frequency);
    }
    List<String> stop = stop(body.get("stop"));
    if (!stop.isEmpty()) {
      p.stopSequences(stop);
    }
    Integer maxTokens = integer(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = integer(body, "max_tokens");
    }
    boolean stream = bool(body, "stream");
    boolean includeUsage =
        stream && body.path("stream_options").path("include_usage").asBoolean(false);
    return new Parsed(
        model.asText(),
        ChatRequest.builder().messages(out).parameters(p.build()).build(),
        maxTokens,
        stream,
        includeUsage);
  }

  private static ChatMessage message(JsonNode m, String field) {
    if (m == null || !m.isObject()) {
      throw OpenAiErrors.invalid(field, field + " must be an object with role and content");
    }
    String role = m.path("role").asText("");
    String text = content(m.get("content"), field + ".content");
    return switch (role) {
      case "system", "developer" -> SystemMessage.from(text);
      case "user" -> UserMessage.from(text);
      case "assistant" -> AiMessage.from(text);
      default ->
          throw OpenAiErrors.invalid(
              field + ".role",
              field + ".role must be system|developer|user|assistant, was '" + role + "'");
    };
  }

  private static String content(JsonNode c, String field) {
    if (c == null || c.isNull()) {
      throw OpenAiErrors.invalid(field, field + " is required");
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.size(); i++) {
        JsonNode part = c.get(i);
        if (!"text".equals(part.path("type").asText())) {
          throw OpenAiErrors.invalid(
              field + "[" + i + "].type", "only text content parts are supported");
        }
        sb.append(part.path("text").asText(""));
      }
      return sb.toString();
    }
    throw OpenAiErrors.invalid(field, field + " must be a string or an array of text parts");
  }

  private static Double number(JsonNode body, String f, double min, double max) {
    JsonNode v = body.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()
        || !Double.isFinite(v.asDouble())
        || v.asDouble() < min
        || v.asDouble() > max) {
      throw OpenAiErrors.invalid(
          f, f + " must be a number between " + min + " and " + max + ", was " + v);
    }
    return v.asDouble();
  }

  private static Integer integer(JsonNode body, String f) {
    JsonNode v = body.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 1_000_000) {
      throw OpenAiErrors.invalid(f, f + " must be a whole number between 1 and 1000000, was " + v);
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode body, String f) {
    JsonNode v = body.get(f);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw OpenAiErrors.invalid(f, f + " must be true or false, was " + v);
    }
    return v.asBoolean();
  }

  private static List<String> stop(JsonNode s) {
    List<String> out = new ArrayList<>();
    if (s == null || s.isNull()) {
      return out;
    }
    if (s.isTextual()) {
      out.add(s.asText());
    } else if (s.isArray() && s.size() <= 4) {
      s.forEach(x -> out.add(x.asText()));
    } else {
      throw OpenAiErrors.invalid("stop", "stop must be a string or up to 4 strings");
    }
    return out;
  }

  static ObjectNode completion(
      ObjectMapper json, String id, long created, String model, ChatResponse r, CallRecord rec) {
    ObjectNode o = json.createObjectNode();
    o.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
    ArrayNode choices = o.putArray("choices");
    ObjectNode c = choices.addObject();
    c.put("index", 0);
    c.putObject("message")
        .put("role", "assistant")
        .put("content", r.aiMessage() == null ? "" : r.aiMessage().text());
    c.putNull("logprobs");
    c.put("finish_reason", finish(r));
    usage(o.putObject("usage"), rec);
    return o;
  }

  static ObjectNode chunk(ObjectMapper json, String id, long created, String model) {
    ObjectNode o = json.createObjectNode();
    o.put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
    return o;
  }

  static void usage(ObjectNode u, CallRecord rec) {
    u.put("prompt_tokens", rec.promptTokens());
    u.put("completion_tokens", rec.completionTokens());
    u.put("total_tokens", rec.promptTokens() + rec.completionTokens());
  }

  static String finish(ChatResponse r) {
    FinishReason f = r.metadata() == null ? null : r.metadata().finishReason();
    return f == FinishReason.LENGTH
        ? "length"
        : f == FinishReason.CONTENT_FILTER ? "content_filter" : "stop";
  }
}
