package org.llmadvisor.app.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.cli.NodeMcpClient;

/**
 * {@code /mcp} as an agent reaches the running app: the official TypeScript SDK over streamable
 * HTTP lists the tools and calls each, with an API key; without one the endpoint answers 401, as
 * {@code /v1} does.
 */
@QuarkusTest
@TestProfile(McpHttpTest.WithKeys.class)
class McpHttpTest {

  static final String KEY = "agent-key-51c2";
  static final String INITIALIZE =
      "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {"
          + "\"protocolVersion\": \"2025-06-18\", \"capabilities\": {},"
          + " \"clientInfo\": {\"name\": \"curl\", \"version\": \"1\"}}}";

  public static class WithKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("advisor.api-keys", KEY);
    }
  }

  @TestHTTPResource("/mcp")
  URL mcp;

  @Test
  void should_serve_every_tool_to_the_typescript_sdk_over_streamable_http() throws Exception {
    Path cli = Path.of("").toAbsolutePath().resolveSibling("cli");
    Optional<NodeMcpClient> client =
        NodeMcpClient.prepare(
            cli.resolve("src/test/mcp-client"), Path.of("target/mcp-client").toAbsolutePath());
    assumeTrue(client.isPresent(), "node and npm are needed for the MCP client tests");

    NodeMcpClient.Result r =
        client
            .get()
            .run(
                List.of(
                    "http",
                    NodeMcpClient.TOOLS + ",usage,plan_status,apply_plan",
                    mcp.toString(),
                    KEY),
                Map.of());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"ok\":true");
  }

  @Test
  void should_refuse_a_call_without_a_key_as_v1_does() {
    given()
        .contentType("application/json")
        .accept("application/json, text/event-stream")
        .body(INITIALIZE)
        .post("/mcp")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("error.code", equalTo("unauthorized"));
  }

  @Test
  void should_answer_initialize_with_the_servers_name_when_the_key_is_given() {
    given()
        .header("Authorization", "Bearer " + KEY)
        .contentType("application/json")
        .accept("application/json, text/event-stream")
        .body(INITIALIZE)
        .post("/mcp")
        .then()
        .statusCode(200)
        .body("result.serverInfo.name", equalTo("llm-deployment-advisor"))
        .body("result.capabilities.tools", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void should_answer_405_when_a_client_opens_a_server_stream() {
    given()
        .header("Authorization", "Bearer " + KEY)
        .accept("text/event-stream")
        .get("/mcp")
        .then()
        .statusCode(405);
  }
}
