package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;

/** The batched step by hand: weights 10 ms, KV 1 ms a sequence, arithmetic 2 + 3 ms a sequence. */
class BatchedStepTest {

  private final BatchedStep step = new BatchedStep(10, 1, 2, 3, 0.5);

  @Test
  void should_read_the_weights_once_when_sequences_share_a_step() {
    // memory 10 + 2 x 1 = 12 beats arithmetic 2 + 2 x 3 = 8: 12 + 0.5
    assertThat(step.ms(2)).isCloseTo(12.5, within(1e-9));
    assertThat(step.limit(2)).isEqualTo(BatchedStep.Limit.MEMORY);
  }

  @Test
  void should_add_the_whole_arithmetic_of_a_sequence_when_past_the_knee() {
    // n = 4: memory 14, arithmetic 14; n = 5: memory 15, arithmetic 17
    assertThat(step.knee()).isEqualTo(4);
    assertThat(step.ms(5)).isCloseTo(17.5, within(1e-9));
    assertThat(step.ms(6) - step.ms(5)).isCloseTo(3, within(1e-9));
    assertThat(step.limit(5)).isEqualTo(BatchedStep.Limit.COMPUTE);
  }

  @Test
  void should_give_each_sequence_less_and_all_of_them_more_when_batched() {
    // one alone: 10 + 1 + 0.5 = 11.5 ms; eight together: 2 + 24 + 0.5 = 26.5 ms
    assertThat(step.aggregateTokensPerSecond(1)).isCloseTo(1000 / 11.5, within(1e-9));
    assertThat(step.aggregateTokensPerSecond(8)).isCloseTo(8000 / 26.5, within(1e-9));
  }

  @Test
  void should_never_bind_on_arithmetic_when_a_sequence_reads_more_than_it_computes() {
    assertThat(new BatchedStep(10, 3, 0, 2, 0).knee()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void should_multiply_a_gpus_rate_more_than_threefold_when_eight_sequences_share_its_reads() {
    Architecture a = ModelCatalog.bundled().find("llama-3-8b").orElseThrow().architecture();
    QuantRecipe q = QuantRecipe.parse("Q4_K_M").orElseThrow();
    Hardware gpu = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    SpeedEstimate s =
        Sizer.bundled()
            .size(
                new SizingRequest(
                    a, q.name(), q.apply(a), 4096, 8, KvCacheType.F16, gpu, 0, 128, 1))
            .speed();

    assertThat(s.aggregateGenerationTokensPerSecond(8))
        .isGreaterThan(3 * s.generationTokensPerSecond());
    // each of the 8 adds its own dot products on the shader cores (llama.cpp's matrix-vector
    // kernel), more than its KV cache adds to the reads
    assertThat(s.step().limit(8)).isEqualTo(BatchedStep.Limit.COMPUTE);
    assertThat(s.step().ms(8)).isGreaterThan(s.step().memoryMs(8) + s.step().fixedMs());
  }
}
