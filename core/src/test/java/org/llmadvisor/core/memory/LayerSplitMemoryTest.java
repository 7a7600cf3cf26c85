package org.llmadvisor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.hardware.RuntimeProfile;
import org.llmadvisor.core.model.Architecture;

/**
 * GPUs of one server that split the layers, as llama.cpp's layer split mode and Ollama place them.
 */
class LayerSplitMemoryTest {

  private static final RuntimeProfile RUNTIME = RuntimeProfile.bundled();
  private static final Hardware RTX_4090 = HardwareCatalog.bundled().find("rtx-4090").orElseThrow();

  private static MemoryEstimate llama3_70b(int devices) {
    Architecture a = ModelCatalog.bundled().find("llama-3-70b").orElseThrow().architecture();
    return MemoryModel.estimate(
        new MemoryModel.Request(a, QuantRecipe.Q4_K_M.apply(a), 4096, 1, KvCacheType.F16),
        RTX_4090,
        RUNTIME,
        devices);
  }

  @Test
  void should_fit_llama_3_70b_q4_k_m_on_two_24_gb_cards_when_one_offloads() {
    MemoryEstimate one = llama3_70b(1);
    MemoryEstimate two = llama3_70b(2);

    assertThat(one.fits()).isFalse();
    assertThat(two.fits()).isTrue();
    assertThat(two.gpuLayers()).isEqualTo(two.totalLayers());
    // the weights and the KV cache are divided, not copied
    assertThat(two.weights()).isEqualTo(one.weights());
    assertThat(two.kvCache()).isEqualTo(one.kvCache());
    // each GPU holds its own compute buffer and reserve
    assertThat(two.overhead().bytes()).isEqualTo(2 * one.overhead().bytes());
    assertThat(two.largestDeviceBytes().bytes()).isLessThan(two.deviceCapacity().bytes());
    assertThat(two.largestDeviceBytes().bytes()).isGreaterThan(two.gpuBytes().bytes() / 2 - 1);
  }

  @Test
  void should_size_one_device_as_before_when_the_server_has_one_gpu() {
    Architecture a = ModelCatalog.bundled().find("llama-3-70b").orElseThrow().architecture();
    var r = new MemoryModel.Request(a, QuantRecipe.Q4_K_M.apply(a), 4096, 1, KvCacheType.F16);
    MemoryEstimate plain = MemoryModel.estimate(r, RTX_4090, RUNTIME);

    assertThat(MemoryModel.estimate(r, RTX_4090, RUNTIME, 1)).isEqualTo(plain);
    assertThat(plain.devices()).isEqualTo(1);
  }

  @Test
  void should_refuse_two_devices_when_the_device_is_a_whole_machine() {
    Hardware mac = HardwareCatalog.bundled().find("m2-ultra-76c").orElseThrow();
    Architecture a = ModelCatalog.bundled().find("llama-3-8b").orElseThrow().architecture();
    var r = new MemoryModel.Request(a, QuantRecipe.Q4_K_M.apply(a), 4096, 1, KvCacheType.F16);

    assertThatThrownBy(() -> MemoryModel.estimate(r, mac, RUNTIME, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one device per machine");
  }
}
