package org.llmadvisor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code ./advisor mcp} as an MCP client spawns it: the packaged jar, driven over stdio by the
 * official TypeScript SDK, which lists the tools and calls each.
 */
class McpStdioIT {

  @Test
  void should_serve_every_tool_to_the_typescript_sdk_when_spawned_over_stdio() throws Exception {
    Path module = Path.of("").toAbsolutePath();
    Path jar = module.resolve("target/advisor-cli.jar");
    assertThat(jar).as("the packaged command line").exists();
    Optional<NodeMcpClient> client =
        NodeMcpClient.prepare(
            module.resolve("src/test/mcp-client"), module.resolve("target/mcp-client"));
    assumeTrue(client.isPresent(), "node and npm are needed for the MCP client tests");
    Path data = Files.createDirectories(module.resolve("target/it-data"));

    NodeMcpClient.Result r =
        client
            .get()
            .run(
                List.of(
                    "stdio",
                    NodeMcpClient.TOOLS,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "mcp"),
                Map.of(
                    "ADVISOR_DATA_DIR", data.toString(),
                    "ADVISOR_MACHINE_MEASURE_DURATION", "100ms",
                    "ADVISOR_MACHINE_MEASURE_MIB", "32",
                    "ADVISOR_MACHINE_OLLAMA_URL", "http://127.0.0.1:9"));

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"ok\":true");
    System.out.println("MCP over stdio: " + r.out());
  }
}
