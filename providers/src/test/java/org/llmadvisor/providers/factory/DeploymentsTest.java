package org.llmadvisor.providers.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.cost.TokenPrice;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentConformanceTest;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.StubDeployment;
import org.llmadvisor.providers.http.HttpStatusException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

class DeploymentsTest {

  @Test
  void should_give_a_disabled_stand_in_naming_the_missing_settings() {
    Deployment d =
        Deployments.create(
            new DeploymentSettings(
                "cloud",
                ProviderType.OPENAI,
                null,
                "gpt-4o-mini",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(5)),
            OfferingCatalog.bundled());
    assertThat(d.enabled()).isFalse();
    assertThat(d.describe()).contains("disabled");
    assertThat(d.chatModel()).isNotNull();
    assertThat(d.ready().ready()).isFalse();
    assertThat(d.ready().detail()).contains("advisor.deployments.cloud.api-key");
    assertThatThrownBy(() -> d.chatModel().chat(DeploymentConformanceTest.hello()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retriable()).isFalse());
  }

  @Test
  void should_hand_out_model_management_only_for_an_enabled_ollama_deployment() {
    Deployments.Provisioned ollama = provision(ProviderType.OLLAMA, "http://127.0.0.1:1", null);
    Deployments.Provisioned disabledOllama = provision(ProviderType.OLLAMA, null, null);
    Deployments.Provisioned openai = provision(ProviderType.OPENAI, null, "sk-test");
    assertThat(ollama.deployment().enabled()).isTrue();
    assertThat(ollama.management()).isPresent();
    assertThat(disabledOllama.deployment().enabled()).isFalse();
    assertThat(disabledOllama.management()).isEmpty();
    assertThat(openai.deployment().enabled()).isTrue();
    assertThat(openai.management()).isEmpty();
  }

  @Test
  void should_build_vllm_as_a_local_deployment_that_needs_a_base_url_and_no_key() {
    Deployments.Provisioned vllm = provision(ProviderType.VLLM, "http://127.0.0.1:1", null);
    Deployments.Provisioned withKey = provision(ProviderType.VLLM, "http://127.0.0.1:1", "k-1");
    Deployments.Provisioned noUrl = provision(ProviderType.VLLM, null, null);
    assertThat(vllm.deployment().enabled()).isTrue();
    assertThat(vllm.deployment()).isInstanceOf(org.llmadvisor.providers.vllm.VllmDeployment.class);
    assertThat(vllm.management()).isEmpty();
    assertThat(vllm.deployment().kind()).isEqualTo(org.llmadvisor.providers.DeploymentKind.LOCAL);
    assertThat(vllm.deployment().catalogEntry().zeroMarginalCost()).isTrue();
    assertThat(withKey.deployment().enabled()).isTrue();
    assertThat(noUrl.deployment().enabled()).isFalse();
    assertThat(noUrl.deployment().ready().detail())
        .isEqualTo("disabled: missing advisor.deployments.d.base-url");
    assertThat(ProviderType.parse(" vLLM ")).contains(ProviderType.VLLM);
  }

  private static Deployments.Provisioned provision(
      ProviderType provider, String baseUrl, String key) {
    return Deployments.provision(
        new DeploymentSettings(
            "d",
            provider,
            baseUrl,
            "llama2:7b",
            Optional.ofNullable(key),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(1)),
        OfferingCatalog.bundled());
  }

  @Test
  void should_read_retry_after_as_seconds_or_an_http_date() {
    assertThat(new HttpStatusException(429, "", Map.of("retry-after", List.of("12"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    assertThat(
            new HttpStatusException(
                    429, "", Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .retryAfter())
        .contains(Duration.ZERO);
    assertThat(new HttpStatusException(429, "", Map.of()).retryAfter()).isEmpty();
  }

  @Test
  void should_count_tokens_locally_when_the_provider_reports_none() {
    ChatModel model =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from("twelve chars")).build();
          }
        };
    Deployment bare = new StubDeployment("x", model, null, CatalogEntry.local("test"));
    List<CallRecord> records = new ArrayList<>();
    new MeteredDeployment(bare)
        .addListener(records::add)
        .chatModel()
        .chat(DeploymentConformanceTest.hello());
    CallRecord r = records.get(0);
    assertThat(r.tokensCounted()).isTrue();
    assertThat(r.completionTokens()).isEqualTo(3);
    assertThat(r.promptTokens()).isEqualTo(4 + 2);
  }

  @Test
  void should_price_with_big_decimal_and_zero_for_local() {
    CatalogEntry gpt4o =
        new CatalogEntry(
            false,
            TokenPrice.of(2.5, 10),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "test");
    assertThat(gpt4o.price().costOf(1_000_000, 1_000_000)).isEqualByComparingTo("12.5");
    assertThat(CatalogEntry.local("x").price().costOf(1_000_000, 1_000_000)).isZero();
  }
}
