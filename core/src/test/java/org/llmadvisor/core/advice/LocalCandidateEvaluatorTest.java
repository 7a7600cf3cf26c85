package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.sizing.ContextWindow;

class LocalCandidateEvaluatorTest {

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
    assertThat(LocalCandidateEvaluator.contextTooLong(6_000, llama2))
        .hasValueSatisfying(
            v -> {
              assertThat(v.ok()).isFalse();
              assertThat(v.reason()).contains("6,000 tokens").contains("trained for 4,096");
            });
    assertThat(LocalCandidateEvaluator.contextTooLong(4_096, llama2)).isEmpty();
  }
}
