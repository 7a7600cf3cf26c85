package org.llmadvisor.core.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.MemoryModel;
import org.llmadvisor.core.model.Architecture;

class ContextWindowTest {

  static Architecture preset(String id) {
    return ModelCatalog.bundled().find(id).orElseThrow().architecture();
  }

  @Test
  void should_default_to_the_model_context_when_it_is_shorter_than_ollamas() {
    // Phi-2 was trained for 2,048 tokens: its KV cache holds 2,048, not Ollama's 4,096
    Architecture phi2 = preset("phi-2");
    long ctx = ContextWindow.byDefault(phi2);
    assertThat(ctx).isEqualTo(2_048);
    // 2 (keys and values) x 32 heads x 80 head size x 2,048 tokens x 2 bytes (f16) per layer
    assertThat(MemoryModel.kvBytesPerLayer(phi2, ctx, 1, KvCacheType.F16))
        .isEqualTo(2L * 32 * 80 * 2_048 * 2);
  }

  @Test
  void should_default_to_ollamas_context_when_the_model_holds_as_much_or_more() {
    assertThat(ContextWindow.byDefault(preset("llama-2-7b"))).isEqualTo(4_096);
    assertThat(ContextWindow.byDefault(preset("mistral-7b"))).isEqualTo(4_096);
  }

  @Test
  void should_size_requests_within_the_model_context() {
    // short requests on Phi-2: its 2,048, not the 4,096 floor
    assertThat(ContextWindow.forRequests(700, 2_048)).isEqualTo(2_048);
    assertThat(ContextWindow.forRequests(700, 4_096)).isEqualTo(4_096);
    assertThat(ContextWindow.forRequests(9_000, 32_768)).isEqualTo(9_216);
    assertThat(ContextWindow.forRequests(9_000, 8_192)).isEqualTo(8_192);
  }
}
