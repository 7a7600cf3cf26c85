package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.AdviceRequest;
import org.llmadvisor.core.advice.Recommendation;

class RateLimitTierTest {

  private static final Catalogs CATALOGS = Catalogs.load(Optional.empty());

  private static AdviceRequestBody body(String tier) throws IOException {
    // 2,000,000 requests a day at a peak factor of 2: about 2,800 requests a minute, over OpenAI's
    // Tier 1 of 500 for gpt-4o-mini and within its Tier 2 of 5,000
    String json =
        "{\"workload\": {\"requestsPerDay\": 2000000, \"activeHoursPerDay\": 24,"
            + " \"peakFactor\": 2, \"inputTokens\": 300, \"outputTokens\": 150},"
            + " \"latencyTargetMs\": 5000, \"thisMachine\": \"exclude\""
            + (tier == null ? "" : ", \"rateLimitTier\": " + tier)
            + "}";
    return new RequestJson().apply(new ObjectMapper(), AdviceRequestBody.class).readValue(json);
  }

  private static Recommendation gpt4oMini(Advice a) {
    return a.recommendations().stream()
        .filter(r -> r.id().format().equals("openai/gpt-4o-mini"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void should_judge_a_cloud_offering_at_the_tier_the_request_names() throws IOException {
    AdviceRequest atTier1 = body(null).validate(CATALOGS);
    AdviceRequest atTier2 = body("\"Tier 2\"").validate(CATALOGS);
    assertThat(atTier1.rateLimitTier()).isEmpty();
    assertThat(atTier2.rateLimitTier()).contains("Tier 2");

    assertThat(gpt4oMini(CATALOGS.advisor().advise(atTier1)).reasons())
        .anyMatch(s -> s.contains("needs Tier 2"));
    assertThat(gpt4oMini(CATALOGS.advisor().advise(atTier2)).reasons())
        .noneMatch(s -> s.contains("needs Tier"));
  }

  @Test
  void should_refuse_a_tier_name_that_is_not_a_short_string() {
    assertThatThrownBy(() -> body("\"" + "x".repeat(101) + "\"").validate(CATALOGS))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("rateLimitTier"));
  }
}
