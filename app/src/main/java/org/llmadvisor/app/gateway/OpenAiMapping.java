package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * OpenAI's chat-completions wire format ({@code openai/openai-openapi}:
 * CreateChatCompletionRequest, CreateChatCompletionResponse, CreateChatCompletionStreamResponse) to
 * and from langchain4j. A field OpenAI does not define is refused by name, as OpenAI refuses it;
 * messages are read by {@link OpenAiMessages}, tools and response formats by {@link OpenAiTools}.
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
    refuseUnknown(body);
    List<ChatMessage> out = OpenAiMessages.parse(messages);
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && (!n.isIntegralNumber() || n.asLong() != 1)) {
      throw OpenAiErrors.mustBe("n", "1 (one choice per request is supported)", n);
    }
    if (bool(body, "logprobs")) {
      throw OpenAiErrors.invalid("logprobs", "logprobs is not supported by this gateway");
    }
    if (body.hasNonNull("top_logprobs")) {
      throw OpenAiErrors.invalid("top_logprobs", "top_logprobs is not supported by this gateway");
    }
    if (bool(body, "store")) {
      throw OpenAiErrors.invalid(
          "store", "store is not supported: this gateway keeps no completions for later use");
    }
    OpenAiChatRequestParameters.Builder p = OpenAiChatRequestParameters.builder();
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
    JsonNode seed = body.get("seed");
    if (seed != null && !seed.isNull()) {
      if (!seed.isIntegralNumber() || !seed.canConvertToInt()) {
        throw OpenAiErrors.mustBe("seed", "an integer", seed);
      }
      p.seed(seed.asInt());
    }
    p.logitBias(logitBias(body.get("logit_bias")));
    p.user(string(body, "user"));
    p.reasoningEffort(string(body, "reasoning_effort"));
    p.serviceTier(string(body, "service_tier"));
    Map<String, Object> raw = new LinkedHashMap<>();
    OpenAiTools.parse(body, p, raw);
    if (!raw.isEmpty()) {
      p.customParameters(raw);
    }
    Integer maxTokens = integer(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = integer(body, "max_tokens");
    }
    // the client's own bound, apart from the router's default (see OpenAiRequests)
    p.maxCompletionTokens(maxTokens);
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

  /** Fields OpenAI's chat completions define and this gateway passes on, checks or ignores. */
  private static final Set<String> KNOWN =
      Set.of(
          "model",
          "messages",
          "stream",
          "stream_options",
          "temperature",
          "top_p",
          "n",
          "stop",
          "max_tokens",
          "max_completion_tokens",
          "presence_penalty",
          "frequency_penalty",
          "logit_bias",
          "logprobs",
          "top_logprobs",
          "user",
          "seed",
          "tools",
          "tool_choice",
          "parallel_tool_calls",
          "response_format",
          "reasoning_effort",
          "service_tier",
          "store",
          "metadata");

  /**
   * Anything else is refused as OpenAI's own API refuses an argument it does not know, so that no
   * field a client counts on is dropped on the way; {@code metadata} is accepted and ignored, as
   * OpenAI ignores it when {@code store} is off.
   */
  private static void refuseUnknown(JsonNode body) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!KNOWN.contains(f)) {
                throw OpenAiErrors.invalid(
                    f,
                    "functions".equals(f) || "function_call".equals(f)
                        ? f
                            + " is deprecated by OpenAI and not supported: use tools and tool_choice"
                        : "Unrecognized or unsupported request argument supplied: " + f);
              }
            });
  }

  private static String string(JsonNode body, String f) {
    JsonNode v = body.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw OpenAiErrors.mustBe(f, "a string", v);
    }
    return v.asText();
  }

  private static Map<String, Integer> logitBias(JsonNode b) {
    if (b == null || b.isNull()) {
      return null;
    }
    if (!b.isObject()) {
      throw OpenAiErrors.mustBe("logit_bias", "an object of token ids to biases", b);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    b.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (!v.isNumber() || v.asDouble() < -100 || v.asDouble() > 100) {
                throw OpenAiErrors.mustBe(
                    "logit_bias." + e.getKey(), "a number between -100 and 100", v);
              }
              out.put(e.getKey(), v.asInt());
            });
    return out.isEmpty() ? null : out;
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
    ObjectNode message = c.putObject("message").put("role", "assistant");
    AiMessage ai = r.aiMessage();
    if (ai != null && ai.hasToolExecutionRequests()) {
      // OpenAI's shape: content null beside the calls unless the model also said something
      message.put("content", ai.text() == null || ai.text().isEmpty() ? null : ai.text());
      OpenAiTools.toolCalls(message.putArray("tool_calls"), ai.toolExecutionRequests());
    } else {
      message.put("content", ai == null || ai.text() == null ? "" : ai.text());
    }
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
    if (f == FinishReason.TOOL_EXECUTION
        || (r.aiMessage() != null && r.aiMessage().hasToolExecutionRequests())) {
      return "tool_calls";
    }
    return f == FinishReason.LENGTH
        ? "length"
        : f == FinishReason.CONTENT_FILTER ? "content_filter" : "stop";
  }
}
