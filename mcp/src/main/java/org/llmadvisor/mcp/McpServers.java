package org.llmadvisor.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The advisor's tools on the official MCP Java SDK: over stdio (one session, for clients that spawn
 * {@code ./advisor mcp}) and over a stateless streamable HTTP transport (the app's {@code /mcp}).
 * Input validation by the SDK is off: the tools read their arguments with the HTTP API's strict
 * reader, whose refusals name the field in the API's words.
 */
public final class McpServers {

  public static final String NAME = "llm-deployment-advisor";
  public static final String VERSION = "0.1.0";
  static final String INSTRUCTIONS =
      "Sizes open models (parameters, memory, speed) on GPUs, Apple chips and CPUs, ranks local"
          + " and cloud deployments for a workload with cost and latency, and says what runs on"
          + " this machine. Start with list_models / list_hardware for ids, then estimate, advise"
          + " or fit.";

  private McpServers() {}

  /** The SDK's JSON on the product's Jackson 2 (the SDK defaults to Jackson 3). */
  public static McpJsonMapper json() {
    return new JacksonMcpJsonMapper(new ObjectMapper());
  }

  /** Serves the tools over this process's stdin and stdout until the client closes stdin. */
  public static McpSyncServer stdio(List<AdvisorTool> tools, InputStream in, OutputStream out) {
    McpJsonMapper json = json();
    return McpServer.sync(new StdioServerTransportProvider(json, in, out))
        .serverInfo(NAME, VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .jsonMapper(json)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .tools(tools.stream().map(McpServers::session).toList())
        .build();
  }

  /** Serves the tools over a stateless HTTP transport. */
  public static McpStatelessSyncServer stateless(
      List<AdvisorTool> tools, McpStatelessServerTransport transport) {
    return McpServer.sync(transport)
        .serverInfo(NAME, VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .jsonMapper(json())
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .tools(tools.stream().map(McpServers::stateless).toList())
        .build();
  }

  static McpServerFeatures.SyncToolSpecification session(AdvisorTool t) {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(t.definition())
        .callHandler((exchange, request) -> t.call(request.arguments()))
        .build();
  }

  static McpStatelessServerFeatures.SyncToolSpecification stateless(AdvisorTool t) {
    return McpStatelessServerFeatures.SyncToolSpecification.builder()
        .tool(t.definition())
        .callHandler((context, request) -> t.call(request.arguments()))
        .build();
  }
}
