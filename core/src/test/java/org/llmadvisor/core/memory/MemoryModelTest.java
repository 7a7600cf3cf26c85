package org.llmadvisor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.hardware.RuntimeProfile;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.units.ByteSize;

class MemoryModelTest {

  private static final double MIB = 1024 * 1024;
  private final ModelCatalog models = ModelCatalog.bundled();
  private final HardwareCatalog hardware = HardwareCatalog.bundled();
  private final RuntimeProfile runtime = RuntimeProfile.bundled();

  private MemoryEstimate estimate(
      String model, QuantRecipe q, long ctx, int parallel, KvCacheType kv, Hardware hw) {
    Architecture a = models.find(model).orElseThrow().architecture();
    return MemoryModel.estimate(
        new MemoryModel.Request(a, q.apply(a), ctx, parallel, kv), hw, runtime);
  }

  private Hardware hw(String id) {
    return hardware.find(id).orElseThrow();
  }

  @Test
  void should_size_the_kv_cache_of_llama_2_7b_at_4096_tokens_as_two_gib() {
    Architecture a = models.find("llama-2-7b").orElseThrow().architecture();
    assertThat(MemoryModel.kvBytesPerLayer(a, 4096, 1, KvCacheType.F16) * a.layers())
        .isEqualTo(2L << 30);
    // grouped-query attention: Llama 3 8B keeps 8 of 32 heads' keys and values
    Architecture l3 = models.find("llama-3-8b").orElseThrow().architecture();
    assertThat(MemoryModel.kvBytesPerLayer(l3, 4096, 1, KvCacheType.F16) * l3.layers())
        .isEqualTo(512L << 20);
    // q8_0 blocks: 34 bytes per 32 elements
    assertThat(MemoryModel.kvBytesPerLayer(l3, 4096, 1, KvCacheType.Q8_0))
        .isEqualTo(2L * 1024 / 32 * 34 * 4096);
    assertThat(MemoryModel.kvBytesPerLayer(l3, 4096, 2, KvCacheType.Q4_0))
        .isEqualTo(2L * 1024 / 32 * 18 * 8192);
  }

  @Test
  void should_reproduce_ollamas_graph_sizes() {
    // Worked figures of Ollama's GraphSize for llama (batch 512, f16 cache)
    MemoryEstimate l3 =
        estimate("llama-3-8b", QuantRecipe.Q4_K_M, 4096, 1, KvCacheType.F16, hw("rtx-4090"));
    assertThat(l3.fits()).isTrue();
    assertThat(l3.computeBuffer().bytes() / MIB).isCloseTo(296.0, within(0.1));
    MemoryEstimate l2 =
        estimate("llama-2-7b", QuantRecipe.Q4_0, 2048, 1, KvCacheType.F16, hw("rtx-4090"));
    assertThat(l2.computeBuffer().bytes() / MIB).isCloseTo(164.0, within(0.1));
  }

  @Test
  void should_put_all_of_llama_2_7b_q4_0_on_a_24_gb_card() {
    MemoryEstimate m =
        estimate("llama-2-7b", QuantRecipe.Q4_0, 4096, 1, KvCacheType.F16, hw("rtx-4090"));
    assertThat(m.fits()).isTrue();
    assertThat(m.gpuLayers()).isEqualTo(33);
    assertThat(m.totalLayers()).isEqualTo(33);
    // llama-bench reports this file as 3.56 GiB (gguf_sizes.csv, discussions #4167 and #15013).
    assertThat(m.weights().gib()).isCloseTo(3.56, within(0.01));
    // f16 cache: 2 (K and V) x 32 layers x 4096 wide x 4096 tokens x 2 bytes = 2 GiB
    long kv = 2L * 32 * 4096 * 4096 * 2;
    assertThat(m.kvCache().bytes()).isEqualTo(kv);
    // Everything that must be resident, and no more than the card holds.
    assertThat(m.total().gib()).isBetween(3.56 + kv / (double) (1L << 30), 24.0);
  }

  @Test
  void should_offload_most_of_llama_2_70b_q4_k_m_to_the_cpu_on_a_24_gb_card() {
    MemoryEstimate m =
        estimate("llama-2-70b", QuantRecipe.Q4_K_M, 4096, 1, KvCacheType.F16, hw("rtx-4090"));
    assertThat(m.fits()).isFalse();
    assertThat(m.weights().gib()).isGreaterThan(38);
    // about 0.5 GiB per layer: a 24 GiB card holds roughly 40 of the 81
    assertThat(m.gpuLayers()).isBetween(35, 45);
    assertThat(m.cpuLayers()).isEqualTo(81 - m.gpuLayers());
    assertThat(m.gpuBytes().gib()).isLessThanOrEqualTo(24.0);
  }

  @Test
  void should_fit_a_cpu_only_machine_by_ram() {
    MemoryEstimate m =
        estimate(
            "llama-2-7b", QuantRecipe.Q4_K_M, 4096, 1, KvCacheType.F16, hw("cpu-ddr4-3200-2ch"));
    assertThat(m.fits()).isTrue();
    assertThat(m.gpuLayers()).isZero();
    assertThat(m.overhead()).isEqualTo(ByteSize.ZERO);
  }

  private static final List<QuantRecipe> BY_BITS =
      List.of(
          QuantRecipe.Q2_K,
          QuantRecipe.Q3_K_M,
          QuantRecipe.Q4_0,
          QuantRecipe.Q4_K_M,
          QuantRecipe.Q5_K_M,
          QuantRecipe.Q6_K,
          QuantRecipe.Q8_0,
          QuantRecipe.F16,
          QuantRecipe.F32);

  /**
   * Random architectures and devices: more layers, context or bits never means less memory, and the
   * total never falls below the weights and KV cache computed by hand.
   */
  @RepeatedTest(200)
  void should_never_need_less_memory_for_more_layers_context_or_bits(
      org.junit.jupiter.api.RepetitionInfo info) {
    Random rnd = new Random(info.getCurrentRepetition());
    int heads = 1 << (2 + rnd.nextInt(5));
    int kv = heads >> rnd.nextInt(3);
    Architecture a =
        Architecture.builder()
            .vocabSize(1000 + rnd.nextInt(150_000))
            .hiddenSize(heads * 64L)
            .layers(1 + rnd.nextInt(60))
            .attentionHeads(heads)
            .kvHeads(kv)
            .intermediateSize(256L * (1 + rnd.nextInt(60)))
            .tiedEmbeddings(rnd.nextBoolean())
            .build();
    Hardware device =
        new Hardware(
            "d",
            "device",
            rnd.nextBoolean() ? Hardware.Kind.GPU : Hardware.Kind.CPU,
            ByteSize.ofGiB(1 + rnd.nextInt(80)),
            500,
            Optional.of(100.0),
            Optional.of(20.0),
            80,
            Optional.empty(),
            "test",
            null);
    long ctx = 128L << rnd.nextInt(7);
    KvCacheType kvType = KvCacheType.values()[rnd.nextInt(3)];
    QuantRecipe q = BY_BITS.get(rnd.nextInt(BY_BITS.size() - 1));
    QuantRecipe more = BY_BITS.get(BY_BITS.indexOf(q) + 1);

    long base = total(a, q, ctx, kvType, device);
    assertThat(total(a.withLayers(a.layers() + 1), q, ctx, kvType, device))
        .isGreaterThanOrEqualTo(base);
    assertThat(total(a, q, ctx * 2, kvType, device)).isGreaterThanOrEqualTo(base);
    assertThat(total(a, more, ctx, kvType, device)).isGreaterThanOrEqualTo(base);
    MemoryEstimate m =
        MemoryModel.estimate(
            new MemoryModel.Request(a, q.apply(a), ctx, 1, kvType), device, runtime);
    // Lower bound computed apart from the model: the tensors' stored bytes plus a KV cache of
    // 2 x layers x kv width x context at 2, 34/32 or 18/32 bytes per element.
    long tensorBytes = q.apply(a).stream().mapToLong(QuantizedTensor::bytes).sum();
    double perElement =
        switch (kvType) {
          case F16 -> 2;
          case Q8_0 -> 34.0 / 32;
          case Q4_0 -> 18.0 / 32;
          case F32 -> 4;
        };
    double kvBytes = 2.0 * a.layers() * kv * 64 * ctx * perElement;
    assertThat((double) m.total().bytes()).isGreaterThanOrEqualTo(tensorBytes + kvBytes);
    assertThat(m.gpuBytes().bytes() + m.cpuBytes().bytes())
        .isGreaterThanOrEqualTo(m.total().bytes());
  }

  private long total(Architecture a, QuantRecipe q, long ctx, KvCacheType kv, Hardware hw) {
    return MemoryModel.estimate(new MemoryModel.Request(a, q.apply(a), ctx, 1, kv), hw, runtime)
        .total()
        .bytes();
  }
}
