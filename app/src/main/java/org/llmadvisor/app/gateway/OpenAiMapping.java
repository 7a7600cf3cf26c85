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

  static final String MODEL = "\"auto\" or a deployment id from GET /v1/models";

  static Parsed parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw OpenAiErrors.mustBe("body", "one JSON object", body);
    }
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw OpenAiErrors.invalid("model", "model is required: " + MODEL);
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw OpenAiErrors.mustBe("model", "a string, " + MODEL, model);
    }
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw OpenAiErrors.invalid("messages", "messages is required: a list of messages");
    }
    if (!messages.isArray()) {
      throw OpenAiErrors.mustBe("messages", "a list of messages", messages);
    }
    if (messages.isEmpty()) {
      throw OpenAiErrors.invalid("messages", "messages must hold at least one message");
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
    if (n != null && !n.isNull() && (!n.isIntegralNumber() || n.asLong() != 1)) {
      throw OpenAiErrors.mustBe("n", "1 (one choice per request is supported)", n);
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
    JsonNode options = body.get("stream_options");
    boolean includeUsage = false;
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw OpenAiErrors.mustBe("stream_options", "an object {include_usage}", options);
      }
      boolean asked = bool(options, "include_usage", "stream_options.include_usage");
      includeUsage = stream && asked;
    }
    return new Parsed(
        model.asText(),
        ChatRequest.builder().messages(out).parameters(p.build()).build(),
        maxTokens,
        stream,
        includeUsage);
  }

  private static ChatMessage message(JsonNode m, String field) {
    if (m == null || !m.isObject()) {
      throw OpenAiErrors.mustBe(field, "an object with role and content", m);
    }
    JsonNode r = m.get("role");
    String roles = "system|developer|user|assistant";
    if (r == null || r.isNull()) {
      throw OpenAiErrors.invalid(field + ".role", field + ".role is required: " + roles);
    }
    if (!r.isTextual()) {
      throw OpenAiErrors.mustBe(field + ".role", roles, r);
    }
    String role = r.asText();
    String text = content(m.get("content"), field + ".content");
    return switch (role) {
      case "system", "developer" -> SystemMessage.from(text);
      case "user" -> UserMessage.from(text);
      case "assistant" -> AiMessage.from(text);
      default -> throw OpenAiErrors.mustBe(field + ".role", roles, r);
    };
  }

  private static String content(JsonNode c, String field) {
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
      String at = field + "[" + i + "]";
      JsonNode part = c.get(i);
      if (!part.isObject()) {
        throw OpenAiErrors.mustBe(at, "an object {\"type\": \"text\", \"text\"}", part);
      }
      JsonNode type = part.get("type");
      if (type == null || !"text".equals(type.asText()) || !type.isTextual()) {
        throw OpenAiErrors.mustBe(at + ".type", "\"text\" (only text parts are supported)", type);
      }
      JsonNode text = part.get("text");
      if (text == null || !text.isTextual()) {
        throw OpenAiErrors.mustBe(at + ".text", "a string", text);
      }
      sb.append(text.asText());
    }
    return sb.toString();
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
      throw OpenAiErrors.mustBe(f, "a number between " + show(min) + " and " + show(max), v);
    }
    return v.asDouble();
  }

  private static Integer integer(JsonNode body, String f) {
    JsonNode v = body.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    boolean whole =
        v.isIntegralNumber()
            || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
    if (!whole || v.asDouble() < 1 || v.asDouble() > 1_000_000) {
      throw OpenAiErrors.mustBe(f, "an integer between 1 and 1000000", v);
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode body, String f) {
    return bool(body, f, f);
  }

  private static boolean bool(JsonNode o, String f, String field) {
    JsonNode v = o.get(f);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw OpenAiErrors.mustBe(field, "true or false", v);
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
      return out;
    }
    if (!s.isArray() || s.size() > 4) {
      throw OpenAiErrors.mustBe("stop", "a string or a list of up to 4 strings", s);
    }
    for (int i = 0; i < s.size(); i++) {
      if (!s.get(i).isTextual()) {
        throw OpenAiErrors.mustBe("stop[" + i + "]", "a string", s.get(i));
      }
      out.add(s.get(i).asText());
    }
    return out;
  }

  private static String show(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
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
