package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.RateLimits;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/** A cloud option's rate limits by usage tier against the workload's peak minute. */
class CloudRateLimitTest {

  private static final OfferingCatalog CATALOG = OfferingCatalog.bundled();

  /** Round the clock at a flat rate: the peak minute is requestsPerDay / 1,440. */
  private static AdviceRequest request(double perDay, Optional<String> tier) {
    return new AdviceRequest(
        new Workload(perDay, 24, 1, TokenDistribution.fixed(300), TokenDistribution.fixed(100), 1),
        60_000,
        LatencyTarget.END_TO_END,
        Optional.empty(),
        Optional.empty(),
        false,
        List.of(),
        true,
        true,
        tier);
  }

  private static Recommendation evaluate(String id, AdviceRequest r) {
    CloudOffering o = CATALOG.offering(id).orElseThrow();
    return CloudCandidateEvaluator.evaluate(o, RecommendationId.parse(o.id()), r);
  }

  private static String rateReason(Recommendation x) {
    return x.reasons().stream()
        .filter(s -> s.contains("a minute"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(x.reasons()));
  }

  @Test
  void should_carry_every_published_tier_with_its_source_and_date_when_the_catalog_has_them() {
    CloudOffering mini = CATALOG.offering("openai/gpt-4o-mini").orElseThrow();

    assertThat(mini.tiers())
        .extracting(RateLimits::tier)
        .containsExactly("Tier 1", "Tier 2", "Tier 3", "Tier 4", "Tier 5");
    assertThat(mini.tiers().get(0).tokensPerMinute()).contains(200_000L);
    assertThat(mini.tiers().get(4).requestsPerMinute()).contains(30_000L);
    assertThat(mini.tiers()).allSatisfy(t -> assertThat(t.source()).startsWith("https://"));
    assertThat(mini.tiers()).allSatisfy(t -> assertThat(t.retrieved()).isPresent());
    assertThat(CATALOG.offering("azure/gpt-4o").orElseThrow().tiers())
        .extracting(RateLimits::tier)
        .containsExactly("Default", "Enterprise & MCA-E");
  }

  @Test
  void should_pass_and_say_the_share_used_when_the_peak_is_within_tier_1() {
    // 100,000 a day: 69 requests and 27,778 tokens a minute
    Recommendation x = evaluate("openai/gpt-4o-mini", request(100_000, Optional.empty()));

    assertThat(x.unmet()).doesNotContain(Constraint.CAPACITY);
    assertThat(rateReason(x)).startsWith("Rate limits (Tier 1): the peak uses 14% of 200,000");
  }

  @Test
  void should_warn_and_name_the_tier_needed_when_the_peak_exceeds_the_accounts_tier() {
    // 2,000,000 a day: 1,389 requests and 555,556 tokens a minute; Tier 2 allows 5,000 and 2M
    Recommendation x = evaluate("openai/gpt-4o-mini", request(2_000_000, Optional.empty()));

    assertThat(x.unmet()).doesNotContain(Constraint.CAPACITY);
    assertThat(rateReason(x))
        .contains("The peak needs 1,389 requests a minute; Tier 1 allows 500")
        .contains("555,556 tokens a minute; Tier 1 allows 200,000")
        .contains("the workload needs Tier 2 or higher (5,000 requests and 2,000,000 tokens");
  }

  @Test
  void should_check_the_tier_the_request_names_when_the_account_has_a_higher_one() {
    Recommendation x = evaluate("openai/gpt-4o-mini", request(2_000_000, Optional.of("tier 3")));

    assertThat(x.unmet()).doesNotContain(Constraint.CAPACITY);
    assertThat(rateReason(x)).startsWith("Rate limits (Tier 3): the peak uses 14% of 4,000,000");
  }

  @Test
  void should_fail_capacity_when_the_peak_exceeds_even_the_highest_published_tier() {
    // 100,000,000 a day: 69,444 requests a minute, over Tier 5's 30,000
    Recommendation x = evaluate("openai/gpt-4o-mini", request(100_000_000, Optional.empty()));

    assertThat(x.unmet()).contains(Constraint.CAPACITY);
    assertThat(rateReason(x))
        .contains("Tier 1 allows 500")
        .contains("over the highest published tier too (Tier 5: 30,000 requests");
  }

  @Test
  void should_use_the_lowest_tier_when_the_request_names_one_the_provider_does_not_have() {
    Recommendation x = evaluate("azure/gpt-4o", request(2_000_000, Optional.of("Tier 3")));

    assertThat(x.unmet()).doesNotContain(Constraint.CAPACITY);
    assertThat(rateReason(x))
        .contains("Default allows 450,000")
        .contains("needs Enterprise & MCA-E or higher");
  }
}
