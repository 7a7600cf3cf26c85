package org.llmadvisor.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.ServiceJson;

/**
 * One MCP tool, independent of the transport: its name, what a model should know to use it, the
 * JSON Schema of its arguments, and the call, which takes the arguments as JSON and answers the
 * same object the HTTP API answers for the same request.
 *
 * <p>A refused argument is a tool error ({@code isError: true}) whose text names the field, in the
 * HTTP API's words ({@code contextTokens must be between 1 and 10000000, was -5}), so the model can
 * correct the call; it is never a protocol error.
 */
public record AdvisorTool(
    String name,
    String title,
    String description,
    Map<String, Object> inputSchema,
    boolean readOnly,
    Function<JsonNode, Object> call) {

  /** The tool as MCP lists it. */
  public McpSchema.Tool definition() {
    return McpSchema.Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(inputSchema)
        .annotations(new McpSchema.ToolAnnotations(title, readOnly, false, readOnly, false, false))
        .build();
  }

  /**
   * Runs the tool: the answer's JSON as text (exactly what the HTTP API returns) and, when it is an
   * object, as structured content too.
   */
  public McpSchema.CallToolResult call(Map<String, Object> arguments) {
    ObjectNode args = ServiceJson.mapper().createObjectNode();
    if (arguments != null) {
      args = ServiceJson.mapper().valueToTree(arguments);
    }
    Object answer;
    try {
      answer = call.apply(args);
    } catch (ApiException e) {
      return error(e.getMessage());
    } catch (ArchitectureException | GgufFormatException | CatalogException e) {
      return error(e.getMessage());
    } catch (MissingSpecException e) {
      return error("hardware." + e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(e.getMessage());
    }
    JsonNode tree = ServiceJson.mapper().valueToTree(answer);
    McpSchema.CallToolResult.Builder result =
        McpSchema.CallToolResult.builder().addTextContent(ServiceJson.write(answer));
    if (tree.isObject()) {
      Map<String, Object> structured = new LinkedHashMap<>();
      tree.fields()
          .forEachRemaining(
              f ->
                  structured.put(
                      f.getKey(), ServiceJson.mapper().convertValue(f.getValue(), Object.class)));
      result.structuredContent(structured);
    }
    return result.isError(false).build();
  }

  private static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
