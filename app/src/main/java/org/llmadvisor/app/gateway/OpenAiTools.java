package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tools}, {@code tool_choice} and {@code response_format} in both of the forms a provider
 * reads: langchain4j's typed specifications (tools with their parameter schemas kept verbatim,
 * {@link ToolChoice}, {@link ResponseFormat} with the schema verbatim), which Ollama's client
 * sends, and the client's JSON as it came, in the parameters' custom fields, which the OpenAI wire
 * format sends unchanged (a named tool choice, {@code strict}); see {@code OpenAiRequests}.
 */
final class OpenAiTools {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiTools() {}

  static void parse(JsonNode body, OpenAiChatRequestParameters.Builder p, Map<String, Object> raw) {
    JsonNode tools = body.get("tools");
    Set<String> names = new HashSet<>();
    if (tools != null && !tools.isNull()) {
      if (!tools.isArray()) {
        throw OpenAiErrors.mustBe(
            "tools", "a list of {\"type\": \"function\", \"function\"}", tools);
      }
      List<ToolSpecification> specs = new ArrayList<>();
      for (int i = 0; i < tools.size(); i++) {
        specs.add(tool(tools.get(i), "tools[" + i + "]", names));
      }
      if (!specs.isEmpty()) {
        p.toolSpecifications(specs);
        raw.put("tools", JSON.convertValue(tools, Object.class));
      }
    }
    JsonNode choice = body.get("tool_choice");
    if (choice != null && !choice.isNull()) {
      p.toolChoice(toolChoice(choice, names));
      raw.put("tool_choice", JSON.convertValue(choice, Object.class));
    }
    JsonNode parallel = body.get("parallel_tool_calls");
    if (parallel != null && !parallel.isNull()) {
      if (!parallel.isBoolean()) {
        throw OpenAiErrors.mustBe("parallel_tool_calls", "true or false", parallel);
      }
      if (!names.isEmpty()) {
        p.parallelToolCalls(parallel.asBoolean());
      }
    }
    JsonNode format = body.get("response_format");
    if (format != null && !format.isNull()) {
      ResponseFormat f = responseFormat(format);
      if (f != null) {
        p.responseFormat(f);
        raw.put("response_format", JSON.convertValue(format, Object.class));
      }
    }
  }

  private static ToolSpecification tool(JsonNode t, String at, Set<String> names) {
    if (t == null || !t.isObject() || !"function".equals(t.path("type").asText())) {
      throw OpenAiErrors.mustBe(at, "an object {\"type\": \"function\", \"function\"}", t);
    }
    JsonNode fn = t.get("function");
    if (fn == null || !fn.isObject() || !fn.path("name").isTextual()) {
      throw OpenAiErrors.mustBe(
          at + ".function", "an object {\"name\", \"description\", \"parameters\"}", fn);
    }
    String name = fn.get("name").asText();
    if (!names.add(name)) {
      throw OpenAiErrors.invalid(at + ".function.name", "tool names must be unique: " + name);
    }
    ToolSpecification.Builder b = ToolSpecification.builder().name(name);
    if (fn.path("description").isTextual()) {
      b.description(fn.get("description").asText());
    }
    JsonNode params = fn.get("parameters");
    if (params != null && !params.isNull()) {
      b.parameters(objectSchema(params, at + ".function.parameters"));
    }
    return b.build();
  }

  /**
   * An object schema whose properties, required list and definitions are kept as the client wrote.
   */
  private static JsonObjectSchema objectSchema(JsonNode s, String at) {
    if (!s.isObject() || (s.has("type") && !"object".equals(s.path("type").asText()))) {
      throw OpenAiErrors.mustBe(at, "a JSON Schema of type \"object\"", s);
    }
    JsonObjectSchema.Builder b = JsonObjectSchema.builder();
    s.path("properties")
        .fields()
        .forEachRemaining(
            e -> b.addProperty(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
    List<String> required = new ArrayList<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    if (!required.isEmpty()) {
      b.required(required);
    }
    if (s.path("additionalProperties").isBoolean()) {
      b.additionalProperties(s.get("additionalProperties").asBoolean());
    }
    if (s.path("description").isTextual()) {
      b.description(s.get("description").asText());
    }
    JsonNode defs = s.has("$defs") ? s.get("$defs") : s.get("definitions");
    if (defs != null && defs.isObject()) {
      Map<String, dev.langchain4j.model.chat.request.json.JsonSchemaElement> d =
          new java.util.LinkedHashMap<>();
      defs.fields()
          .forEachRemaining(e -> d.put(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
      b.definitions(d);
    }
    return b.build();
  }

  private static ToolChoice toolChoice(JsonNode c, Set<String> names) {
    String expected =
        "\"none\", \"auto\", \"required\" or {\"type\": \"function\", \"function\": {\"name\"}}";
    if (c.isTextual()) {
      ToolChoice choice =
          switch (c.asText()) {
            case "none" -> ToolChoice.NONE;
            case "auto" -> ToolChoice.AUTO;
            case "required" -> ToolChoice.REQUIRED;
            default -> throw OpenAiErrors.mustBe("tool_choice", expected, c);
          };
      if (choice != ToolChoice.NONE && names.isEmpty()) {
        throw OpenAiErrors.invalid("tool_choice", "tool_choice \"" + c.asText() + "\" needs tools");
      }
      return choice;
    }
    JsonNode name = c.path("function").path("name");
    if (!c.isObject() || !"function".equals(c.path("type").asText()) || !name.isTextual()) {
      throw OpenAiErrors.mustBe("tool_choice", expected, c);
    }
    if (!names.contains(name.asText())) {
      throw OpenAiErrors.invalid(
          "tool_choice", "tool_choice names " + name.asText() + ", which is not among the tools");
    }
    return ToolChoice.REQUIRED;
  }

  private static ResponseFormat responseFormat(JsonNode f) {
    String expected = "{\"type\": \"text\" | \"json_object\" | \"json_schema\"}";
    if (!f.isObject() || !f.path("type").isTextual()) {
      throw OpenAiErrors.mustBe("response_format", expected, f);
    }
    return switch (f.get("type").asText()) {
      case "text" -> null;
      case "json_object" -> ResponseFormat.JSON;
      case "json_schema" -> {
        JsonNode s = f.get("json_schema");
        if (s == null
            || !s.isObject()
            || !s.path("name").isTextual()
            || !s.path("schema").isObject()) {
          throw OpenAiErrors.mustBe(
              "response_format.json_schema", "an object {\"name\", \"schema\", \"strict\"}", s);
        }
        yield ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(
                JsonSchema.builder()
                    .name(s.get("name").asText())
                    .rootElement(JsonRawSchema.from(s.get("schema").toString()))
                    .build())
            .build();
      }
      default -> throw OpenAiErrors.mustBe("response_format.type", expected, f.get("type"));
    };
  }

  /** An assistant answer's tool calls in OpenAI's shape. */
  static void toolCalls(ArrayNode out, List<ToolExecutionRequest> calls) {
    for (int i = 0; i < calls.size(); i++) {
      ToolExecutionRequest t = calls.get(i);
      ObjectNode c = out.addObject();
      c.put("id", id(t.id(), i)).put("type", "function");
      c.putObject("function")
          .put("name", t.name())
          .put("arguments", t.arguments() == null ? "{}" : t.arguments());
    }
  }

  /** Ollama names no call: the client still needs an id to answer it by. */
  static String id(String id, int index) {
    return id == null || id.isBlank() ? "call_" + index : id;
  }
}
