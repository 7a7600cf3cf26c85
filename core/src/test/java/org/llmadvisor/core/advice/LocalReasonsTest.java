package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.sizing.ContextWindow;

class LocalReasonsTest {

  @Test
  void should_size_the_context_in_steps_of_1024_when_requests_need_more_than_the_minimum() {
    // 1,500 prompt + 500 output tokens at p95 = 2,000: below the 4,096 minimum
    assertThat(ContextWindow.forRequests(2_000, 32_768)).isEqualTo(4_096);
    // 5,000 rounds up to 5 x 1,024 = 5,120
    assertThat(ContextWindow.forRequests(5_000, 32_768)).isEqualTo(5_120);
    assertThat(ContextWindow.forRequests(6_144, 32_768)).isEqualTo(6_144);
  }

  @Test
  void should_size_as_trained_and_miss_capacity_when_requests_are_longer_than_training() {
    var llama2 = ModelCatalog.bundled().find("llama-2-7b").orElseThrow();

    // Llama 2 was trained for 4,096 tokens
    assertThat(ContextWindow.forRequests(6_000, 4_096)).isEqualTo(4_096);
    assertThat(LocalReasons.contextTooLong(6_000, llama2))
        .hasValueSatisfying(
            v -> {
              assertThat(v.ok()).isFalse();
              assertThat(v.reason()).contains("6,000 tokens").contains("trained for 4,096");
            });
    assertThat(LocalReasons.contextTooLong(4_096, llama2)).isEmpty();
  }

  @Test
  void should_say_when_a_tag_was_made_with_recipes_that_have_changed_since() {
    var tags = org.llmadvisor.core.catalog.OfferingCatalog.bundled();
    var q2 = tags.tag("llama2:70b-chat-q2_K").orElseThrow();
    var arch = ModelCatalog.bundled().find(q2.preset()).orElseThrow().architecture();
    assertThat(LocalReasons.revisionReason(q2, arch, q2.quantization().apply(arch, q2.revision())))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("quantized about 2023-12-31")
                    .contains("Q2_K recipe of 2023-08-26")
                    .contains("27.27 GiB of weights")
                    .contains("today's recipe gives 23.71 GiB"));
    // Q4_0 has not changed since: nothing to say
    var q4 = tags.tag("llama2:70b-chat-q4_0").orElseThrow();
    assertThat(LocalReasons.revisionReason(q4, arch, q4.quantization().apply(arch, q4.revision())))
        .isEmpty();
  }
}
