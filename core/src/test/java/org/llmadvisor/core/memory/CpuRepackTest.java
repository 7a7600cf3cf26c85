package org.llmadvisor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.hardware.RuntimeProfile;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.GgmlType;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.NormKind;
import org.llmadvisor.core.model.Positions;
import org.llmadvisor.core.units.ByteSize;

class CpuRepackTest {

  private static final CpuProfile AVX2 = CpuProfile.of(8, 16, 4.0, List.of("AVX2", "FMA"));
  private static final CpuProfile AVX512 =
      CpuProfile.of(2, 2, 2.3, List.of("AVX2", "FMA", "AVX-512"));
  private static final CpuProfile PI5 = CpuProfile.of(4, 4, 2.4, List.of("NEON", "DOTPROD"));
  private static final CpuProfile OLD_X86 = CpuProfile.of(4, 4, 3.0, List.of("AVX"));

  private static Architecture llama32_3b() {
    return Architecture.builder()
        .name("Llama 3.2 3B")
        .vocabSize(128256)
        .hiddenSize(3072)
        .layers(28)
        .attentionHeads(24)
        .kvHeads(8)
        .headDim(128L)
        .intermediateSize(8192)
        .mlp(MlpKind.GATED)
        .positions(Positions.ROTARY)
        .contextLength(131072)
        .tiedEmbeddings(true)
        .norm(NormKind.RMSNORM)
        .linearBiases(false)
        .build();
  }

  private static List<QuantizedTensor> tensors(Architecture a, String recipe) {
    return QuantRecipe.parse(recipe).orElseThrow().apply(a);
  }

  /**
   * llama-server's own report for Llama 3.2 3B Q4_K_M on the CPU, as captured in Ollama's test of
   * its log parser ({@code llm/llama_server_test.go}, "CPU-only mmap with repack is not trimmed"):
   * {@code CPU_Mapped 1918.35 MiB}, {@code CPU_REPACK 1299.38 MiB}.
   */
  @Test
  void should_repack_the_q4_k_matrices_of_llama_3_2_3b_as_llama_server_reports_when_avx2() {
    CpuRepack.Result r = CpuRepack.of(tensors(llama32_3b(), "Q4_K_M"), AVX2);
    assertThat(r.repackedBytes() / 1024.0 / 1024.0).isCloseTo(1299.38, within(13.0));
  }

  @Test
  void should_repack_nothing_when_the_cpu_has_no_avx2_or_dot_product() {
    assertThat(CpuRepack.of(tensors(llama32_3b(), "Q4_K_M"), OLD_X86).repackedBytes()).isZero();
  }

  @Test
  void should_keep_the_token_embedding_as_it_is_when_the_output_head_shares_it() {
    Architecture a = llama32_3b();
    List<QuantizedTensor> t = tensors(a, "Q4_0");
    long embedding =
        t.stream()
            .filter(q -> q.shape().name().startsWith("token_embd"))
            .mapToLong(QuantizedTensor::bytes)
            .sum();
    long all = t.stream().mapToLong(QuantizedTensor::bytes).sum();
    CpuRepack.Result r = CpuRepack.of(t, AVX2);
    assertThat(embedding).isPositive();
    assertThat(r.matmulBytes()).isLessThan(all - embedding + 1);
  }

  @Test
  void should_repack_q2_k_only_when_avx512() {
    assertThat(CpuRepack.repacks(GgmlType.Q2_K, 4096, AVX2)).isFalse();
    assertThat(CpuRepack.repacks(GgmlType.Q2_K, 4096, AVX512)).isTrue();
  }

  @Test
  void should_repack_q8_0_and_q6_k_on_arm_but_not_on_x86() {
    assertThat(CpuRepack.repacks(GgmlType.Q8_0, 4096, PI5)).isTrue();
    assertThat(CpuRepack.repacks(GgmlType.Q6_K, 4096, PI5)).isTrue();
    assertThat(CpuRepack.repacks(GgmlType.Q8_0, 4096, AVX512)).isFalse();
    assertThat(CpuRepack.repacks(GgmlType.Q6_K, 4096, AVX512)).isFalse();
  }

  @Test
  void should_not_repack_a_matrix_whose_rows_do_not_divide_by_the_interleave() {
    assertThat(CpuRepack.repacks(GgmlType.Q4_0, 4100, AVX2)).isFalse();
    assertThat(CpuRepack.repacks(GgmlType.Q4_0, 4100, PI5)).isTrue();
  }

  @Test
  void should_count_the_repacked_copy_twice_only_when_the_file_is_memory_mapped() {
    Architecture a = ModelCatalog.bundled().find("llama-2-7b").orElseThrow().architecture();
    Hardware cpu =
        new Hardware(
                "cpu",
                "test CPU",
                Hardware.Kind.CPU,
                ByteSize.ofGiB(64),
                51.2,
                Optional.empty(),
                Optional.empty(),
                51.2,
                Optional.empty(),
                "test",
                null)
            .withCpu(AVX2);
    MemoryEstimate m =
        MemoryModel.estimate(
            new MemoryModel.Request(a, tensors(a, "Q4_0"), 4096, 1, KvCacheType.F16),
            cpu,
            RuntimeProfile.bundled());
    // every matrix but the token embedding; Q4_0 keeps the output head at Q6_K, not repacked
    assertThat(m.cpuRepacked().bytes()).isGreaterThan(m.weights().bytes() * 8 / 10);
    assertThat(m.residentWithMmap().bytes()).isEqualTo(m.total().bytes() + m.cpuRepacked().bytes());
  }
}
