package org.llmadvisor.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Fixture provider backends on one WireMock server: an Ollama server and OpenAI's API (two models),
 * wired in as configured deployments.
 */
public class BackendsResource implements QuarkusTestResourceLifecycleManager {

  /** A fixture answer: {@code body} as JSON with {@code status}. */
  public static ResponseDefinitionBuilder json(int status, String body) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  public static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    String base = server.baseUrl();
    return Map.ofEntries(
        Map.entry("advisor.deployments.local.provider", "ollama"),
        Map.entry("advisor.deployments.local.base-url", base),
        Map.entry("advisor.deployments.local.model", "llama2:7b-chat-q4_0"),
        Map.entry("advisor.deployments.local.hardware", "rtx-4090"),
        Map.entry("advisor.deployments.local.timeout", "3s"),
        Map.entry("advisor.deployments.cloud.provider", "openai"),
        Map.entry("advisor.deployments.cloud.base-url", base + "/v1"),
        Map.entry("advisor.deployments.cloud.model", "gpt-4o-mini"),
        Map.entry("advisor.deployments.cloud.api-key", "sk-test-gateway-key-0001"),
        Map.entry("advisor.deployments.cloud.timeout", "3s"),
        Map.entry("advisor.deployments.premium.provider", "openai"),
        Map.entry("advisor.deployments.premium.base-url", base + "/v1"),
        Map.entry("advisor.deployments.premium.model", "gpt-4o"),
        Map.entry("advisor.deployments.premium.api-key", "sk-test-gateway-key-0002"),
        Map.entry("advisor.deployments.premium.timeout", "3s"),
        Map.entry("advisor.deployments.nokey.provider", "openai"),
        Map.entry("advisor.deployments.nokey.model", "gpt-4o"),
        Map.entry("advisor.routing.failure-threshold", "2"),
        Map.entry("advisor.routing.cooldown", "2s"),
        Map.entry("advisor.routing.min-samples", "3"),
        Map.entry("advisor.routing.latency-window", "5"));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}
