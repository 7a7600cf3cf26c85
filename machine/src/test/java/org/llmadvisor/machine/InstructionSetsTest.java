package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionSetsTest {

  @Test
  void should_list_avx2_and_avx512_when_the_x86_flags_have_them() {
    assertThat(InstructionSets.fromCpuinfo(Recorded.text("cpuinfo/xeon-avx512-vm.txt")))
        .containsSubsequence("AVX", "FMA", "AVX2", "AVX-VNNI", "AVX-512", "AVX-512VNNI")
        .doesNotContain("NEON", "AMX-INT8");
  }

  @Test
  void should_list_neon_and_dot_product_when_the_cpu_is_arm() {
    assertThat(InstructionSets.fromCpuinfo(Recorded.text("cpuinfo/neoverse-n1.txt")))
        .containsExactly("NEON", "NEON-FP16", "DOTPROD");
  }

  @Test
  void should_imply_neon_when_arm64_lists_no_flags() {
    assertThat(InstructionSets.fromFlags(List.of(), "aarch64")).containsExactly("NEON");
  }

  @Test
  void should_find_nothing_when_there_is_no_flags_line() {
    assertThat(InstructionSets.fromCpuinfo("processor : 0\n")).isEmpty();
  }
}
