package org.llmadvisor.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A loopback OpenAI-protocol backend for load tests: answers every chat completion at once with a
 * fixed body. Run with -Dsun.net.httpserver.nodelay=true (the JDK server otherwise holds each
 * response for the client's delayed ACK).
 */
public final class FixtureBackend {

  private static final byte[] BODY =
      ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}")
          .getBytes(StandardCharsets.UTF_8);

  private FixtureBackend() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18090;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
          }
        });
    server.start();
    System.out.println("fixture backend on http://127.0.0.1:" + port + "/v1");
  }
}
