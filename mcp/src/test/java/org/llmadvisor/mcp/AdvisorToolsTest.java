package org.llmadvisor.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.EstimateRequest;
import org.llmadvisor.service.FitRequest;
import org.llmadvisor.service.HardwareRef;

class AdvisorToolsTest {

  static final Catalogs CATALOGS = Catalogs.load(Optional.empty());
  static final List<AdvisorTool> TOOLS =
      AdvisorTools.of(
          CATALOGS,
          b -> {
            throw new AssertionError("not called");
          },
          () -> {
            throw new AssertionError("not called");
          });

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> schema) {
    return (Map<String, Object>) schema.get("properties");
  }

  static AdvisorTool tool(String name) {
    return TOOLS.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void should_describe_every_field_of_each_request_record_when_the_schema_is_derived() {
    assertSchemaCovers(tool("estimate").inputSchema(), EstimateRequest.class);
    assertSchemaCovers(tool("advise").inputSchema(), AdviceRequestBody.class);
    assertSchemaCovers(tool("fit").inputSchema(), FitRequest.class);
  }

  private static void assertSchemaCovers(Map<String, Object> schema, Class<?> record) {
    Map<String, Object> props = properties(schema);
    for (RecordComponent c : record.getRecordComponents()) {
      assertThat(props).as(record.getSimpleName()).containsKey(c.getName());
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) props.get(c.getName());
      assertThat(p.get("description"))
          .as("description of %s.%s", record.getSimpleName(), c.getName())
          .isNotNull();
    }
    assertThat(schema.get("additionalProperties")).isEqualTo(false);
  }

  @Test
  void should_offer_an_id_or_the_device_fields_when_a_field_takes_hardware() {
    @SuppressWarnings("unchecked")
    Map<String, Object> hardware =
        (Map<String, Object>) properties(tool("estimate").inputSchema()).get("hardware");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> anyOf = (List<Map<String, Object>>) hardware.get("anyOf");

    assertThat(anyOf.get(0)).containsEntry("type", "string");
    for (RecordComponent c : HardwareRef.Spec.class.getRecordComponents()) {
      assertThat(properties(anyOf.get(1))).containsKey(c.getName());
    }
  }

  @Test
  void should_answer_the_json_of_the_http_api_when_a_tool_is_called() {
    McpSchema.CallToolResult r =
        tool("estimate")
            .call(Map.of("model", "llama-2-7b", "hardware", "rtx-4090", "contextTokens", 4096));

    assertThat(r.isError()).isFalse();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text())
        .startsWith("{\"model\":{\"id\":\"llama-2-7b\"");
    assertThat(r.structuredContent()).isInstanceOf(Map.class);
  }

  @Test
  void should_return_a_tool_error_naming_the_field_when_an_argument_is_refused() {
    McpSchema.CallToolResult r =
        tool("estimate")
            .call(Map.of("model", "llama-2-7b", "hardware", "rtx-4090", "parallel", 2.5));

    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text())
        .isEqualTo("parallel must be an integer, was 2.5");
  }

  @Test
  void should_refuse_arguments_when_a_tool_takes_none() {
    McpSchema.CallToolResult r = tool("system").call(Map.of("verbose", true));

    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text())
        .startsWith("verbose is not a known field");
  }

  @Test
  void should_filter_the_catalog_when_list_hardware_is_called() {
    McpSchema.CallToolResult r = tool("list_hardware").call(Map.of("search", "4090"));

    assertThat(r.isError()).isFalse();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).contains("rtx-4090");
    assertThat(r.structuredContent()).as("a list is not structured content").isNull();
  }
}
