package org.llmadvisor.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * The conformance protocol against real providers. Each test runs only when its environment is set
 * and otherwise prints why it is skipped; {@code *ConformanceTest} runs the same protocol against
 * local fixtures on every build.
 */
class LiveProvidersTest {

  private static boolean configured(String what, String... vars) {
    List<String> missing = new ArrayList<>();
    for (String v : vars) {
      String value = System.getenv(v);
      if (value == null || value.isBlank()) {
        missing.add(v);
      }
    }
    if (!missing.isEmpty()) {
      System.out.println(
          "SKIPPED live " + what + " test: set " + String.join(" and ", missing) + " to run it");
    }
    return missing.isEmpty();
  }

  private static void exercise(DeploymentSettings s) throws Exception {
    List<CallRecord> records = new ArrayList<>();
    MeteredDeployment d =
        new MeteredDeployment(Deployments.create(s, OfferingCatalog.bundled()))
            .addListener(records::add);
    assertThat(d.ready().ready()).as(d.ready().detail()).isTrue();
    assertThat(d.chatModel().chat(DeploymentConformanceTest.hello()).aiMessage().text())
        .isNotBlank();
    assertThat(DeploymentConformanceTest.stream(d, DeploymentConformanceTest.hello())).isNotBlank();
    assertThat(records)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.success()).isTrue();
              assertThat(r.promptTokens()).isPositive();
            });
    assertThat(records.get(1).timeToFirstTokenMs()).isNotNull();
  }

  @Test
  void should_pass_the_protocol_against_a_live_ollama() throws Exception {
    boolean on = configured("Ollama", "OLLAMA_BASE_URL");
    assumeTrue(on, "OLLAMA_BASE_URL is not set");
    String model = Optional.ofNullable(System.getenv("OLLAMA_MODEL")).orElse("llama2:7b-chat-q4_0");
    exercise(
        new DeploymentSettings(
            "live-ollama",
            ProviderType.OLLAMA,
            System.getenv("OLLAMA_BASE_URL"),
            model,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofMinutes(5)));
  }

  @Test
  void should_pass_the_protocol_against_live_openai() throws Exception {
    boolean on = configured("OpenAI", "OPENAI_API_KEY");
    assumeTrue(on, "OPENAI_API_KEY is not set");
    String model = Optional.ofNullable(System.getenv("OPENAI_MODEL")).orElse("gpt-4o-mini");
    exercise(
        new DeploymentSettings(
            "live-openai",
            ProviderType.OPENAI,
            null,
            model,
            Optional.of(System.getenv("OPENAI_API_KEY")),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(60)));
  }

  @Test
  void should_pass_the_protocol_against_live_azure_openai() throws Exception {
    boolean on =
        configured(
            "Azure OpenAI",
            "AZURE_OPENAI_ENDPOINT",
            "AZURE_OPENAI_API_KEY",
            "AZURE_OPENAI_DEPLOYMENT");
    assumeTrue(
        on, "AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY or AZURE_OPENAI_DEPLOYMENT is not set");
    exercise(
        new DeploymentSettings(
            "live-azure",
            ProviderType.AZURE_OPENAI,
            System.getenv("AZURE_OPENAI_ENDPOINT"),
            System.getenv("AZURE_OPENAI_DEPLOYMENT"),
            Optional.of(System.getenv("AZURE_OPENAI_API_KEY")),
            Optional.ofNullable(System.getenv("AZURE_OPENAI_API_VERSION")),
            Optional.empty(),
            Duration.ofSeconds(60)));
  }
}
