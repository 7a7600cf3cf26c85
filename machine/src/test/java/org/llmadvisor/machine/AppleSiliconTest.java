package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.units.ByteSize;

class AppleSiliconTest {

  private static AppleSilicon.Apple m2Pro(String wiredLimit) {
    return AppleSilicon.parse(
        Recorded.text("apple/m2-pro-memsize.txt"),
        Recorded.text("apple/m2-pro-brand.txt"),
        Optional.of(wiredLimit),
        Optional.of(Recorded.text("apple/m2-pro-displays.json")));
  }

  @Test
  void should_limit_the_gpu_to_two_thirds_of_ram_when_no_wired_limit_is_set() {
    AppleSilicon.Apple a = m2Pro("0\n");

    assertThat(a.unifiedMemory().orElseThrow().total()).isEqualTo(ByteSize.ofGiB(32));
    // llama.cpp logs recommendedMaxWorkingSetSize = 21845.34 MB on a 32 GiB machine
    assertThat(a.unifiedMemory().orElseThrow().gpuLimit().bytes() / (1024.0 * 1024.0))
        .isCloseTo(21845.33, org.assertj.core.data.Offset.offset(0.01));
    assertThat(a.gpu().orElseThrow().memory())
        .isEqualTo(a.unifiedMemory().orElseThrow().gpuLimit());
    assertThat(a.notes()).anySatisfy(n -> assertThat(n).contains("recommendedMaxWorkingSetSize"));
  }

  @Test
  void should_use_the_sysctl_when_iogpu_wired_limit_is_set() {
    AppleSilicon.Apple a = m2Pro("28672\n");

    assertThat(a.unifiedMemory().orElseThrow().gpuLimit()).isEqualTo(ByteSize.ofGiB(28));
    assertThat(a.unifiedMemory().orElseThrow().limitSource()).contains("iogpu.wired_limit_mb");
    assertThat(a.notes()).isEmpty();
  }

  @Test
  void should_name_the_gpu_cores_when_system_profiler_lists_them() {
    assertThat(m2Pro("0").gpu().orElseThrow().name()).isEqualTo("Apple M2 Pro (19-core GPU)");
  }

  @Test
  void should_allow_three_quarters_when_ram_is_above_36_gib() {
    assertThat(AppleSilicon.defaultGpuLimit(ByteSize.ofGiB(64))).isEqualTo(ByteSize.ofGiB(48));
    assertThat(AppleSilicon.defaultGpuLimit(ByteSize.ofGiB(16)).bytes() / (1024.0 * 1024.0))
        .isCloseTo(10922.67, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void should_say_the_gpu_is_not_seen_when_memsize_is_not_a_number() {
    AppleSilicon.Apple a =
        AppleSilicon.parse("sysctl: unknown oid", "Apple M2", Optional.empty(), Optional.empty());

    assertThat(a.gpu()).isEmpty();
    assertThat(a.notes()).singleElement().asString().contains("hw.memsize");
  }
}
