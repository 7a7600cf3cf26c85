package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.units.ByteSize;

class NvidiaSmiTest {

  @Test
  void should_read_every_gpu_with_free_memory_when_several_are_listed() {
    Parsed p = NvidiaSmi.parse(Recorded.text("nvidia-smi/two-rtx-4090.csv"), Optional.empty());

    assertThat(p.gpus()).hasSize(2);
    assertThat(p.gpus())
        .allSatisfy(
            g -> {
              assertThat(g.name()).isEqualTo("NVIDIA GeForce RTX 4090");
              assertThat(g.memory()).isEqualTo(ByteSize.ofBytes(24564L * 1024 * 1024));
              assertThat(g.vendor()).isEqualTo(Gpu.Vendor.NVIDIA);
            });
    assertThat(p.gpus().get(1).freeMemory()).contains(ByteSize.ofBytes(1210L * 1024 * 1024));
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void should_keep_sizes_above_4_gib_when_memory_is_large() {
    Parsed p = NvidiaSmi.parse(Recorded.text("nvidia-smi/h100-and-v100.csv"), Optional.empty());

    assertThat(p.gpus().get(0).memory().bytes()).isEqualTo(81559L * 1024 * 1024);
    assertThat(p.gpus().get(0).memory().gib()).isGreaterThan(79);
  }

  @Test
  void should_list_mig_instances_instead_of_the_gpu_when_mig_is_enabled() {
    Parsed p =
        NvidiaSmi.parse(
            Recorded.text("nvidia-smi/a100-mig.csv"),
            Optional.of(Recorded.text("nvidia-smi/a100-mig-list.txt")));

    assertThat(p.gpus())
        .extracting(Gpu::name)
        .containsExactly(
            "NVIDIA A100-SXM4-80GB MIG 3g.40gb",
            "NVIDIA A100-SXM4-80GB MIG 2g.20gb",
            "NVIDIA A100-SXM4-80GB MIG 1g.10gb",
            "NVIDIA A100-SXM4-80GB");
    assertThat(p.gpus().get(0).memory()).isEqualTo(ByteSize.ofGB(40));
    assertThat(p.gpus().get(3).memory().bytes()).isEqualTo(81920L * 1024 * 1024);
    assertThat(p.notes()).singleElement().asString().contains("3 MIG instances");
  }

  @Test
  void should_show_the_gpu_whole_and_say_so_when_mig_instances_cannot_be_listed() {
    Parsed p = NvidiaSmi.parse(Recorded.text("nvidia-smi/a100-mig.csv"), Optional.empty());

    assertThat(p.gpus()).hasSize(2);
    assertThat(p.notes()).singleElement().asString().contains("MIG mode", "shown whole");
  }

  @Test
  void should_leave_out_a_gpu_and_note_it_when_its_memory_is_not_reported() {
    Parsed p = NvidiaSmi.parse(Recorded.text("nvidia-smi/grace-hopper-na.csv"), Optional.empty());

    assertThat(p.gpus()).isEmpty();
    assertThat(p.notes()).singleElement().asString().contains("GH200", "no memory size");
  }
}
