package org.llmadvisor.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryModel;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.GgmlType;
import org.llmadvisor.core.model.ParameterCount;

/**
 * The families of 2024–25 counted from their config.json alone, against the counts their publishers
 * print; the features they need (tied embeddings, q/k/v biases, per-head norms, post norms,
 * experts, a shared expert, sinks) each move the count, so a missing one fails here.
 */
class TodaysModelsTest {

  private final ModelCatalog catalog = ModelCatalog.bundled();

  private Architecture arch(String id) {
    return catalog.find(id).orElseThrow().architecture();
  }

  @ParameterizedTest
  @CsvSource({
    "llama-3.2-1b, 1235814400",
    "llama-3.2-3b, 3212749824",
    "llama-3.1-8b, 8030261248",
    "qwen2.5-0.5b, 494032768",
    "qwen2.5-7b, 7615616512",
    "gemma-2-2b, 2614341888",
    "gemma-2-9b, 9241705984",
    "gemma-2-27b, 27227128320",
    "mistral-nemo-12b, 12247782400",
    "phi-4, 14659507200",
    "qwen3-30b-a3b, 30532122624"
  })
  void should_give_the_published_total_when_counting_the_architecture(String id, long published) {
    assertThat(ParameterCount.of(arch(id)).total()).isEqualTo(published);
  }

  @Test
  void should_count_eight_of_128_experts_as_active_when_the_model_is_qwen3_30b_a3b() {
    // 48 layers × (attention 18,874,368 + q/k norms 256 + router 262,144 + 8 experts of
    // 3 × 2048 × 768 = 37,748,736 + norms 4096) + embeddings and head 2 × 151936 × 2048 + 2048
    assertThat(ParameterCount.of(arch("qwen3-30b-a3b")).activePerToken()).isEqualTo(3353032704L);
  }

  @Test
  void should_keep_the_experts_in_mxfp4_when_the_model_is_published_so() {
    var tensors = QuantRecipe.BF16.apply(arch("gpt-oss-20b"));
    assertThat(tensors)
        .filteredOn(t -> t.shape().expert() && !t.shape().bias())
        .extracting(QuantizedTensor::type)
        .containsOnly(GgmlType.MXFP4);
    assertThat(tensors)
        .filteredOn(t -> t.shape().name().equals("blk.0.attn_q.weight"))
        .extracting(QuantizedTensor::type)
        .containsExactly(GgmlType.BF16);
  }

  @Test
  void should_hold_only_the_window_in_a_local_layer_when_gemma_2_caches_a_long_context() {
    Architecture g = arch("gemma-2-9b");
    // 8192 tokens: a global layer holds all of them, a local one its 4096-token window
    long global = MemoryModel.kvBytes(g, 1, 8192, 1, KvCacheType.F16);
    long local = MemoryModel.kvBytes(g, 0, 8192, 1, KvCacheType.F16);
    assertThat(global).isEqualTo(2L * 8 * 256 * 8192 * 2);
    assertThat(local).isEqualTo(global / 2);
  }
}
