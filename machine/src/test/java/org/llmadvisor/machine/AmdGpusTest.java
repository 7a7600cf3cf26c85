package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.units.ByteSize;

class AmdGpusTest {

  private static final AmdGpus.SysfsCard APU =
      new AmdGpus.SysfsCard(
          "card0",
          "0x15bf",
          Optional.empty(),
          536870912L,
          Optional.of(148029440L),
          Optional.of(536870912L),
          Optional.of(16106127360L),
          Optional.of(45613056L));

  private static final AmdGpus.SysfsCard RX_7900 =
      new AmdGpus.SysfsCard(
          "card0",
          "0x744c",
          Optional.empty(),
          25753026560L,
          Optional.of(27000832L),
          Optional.of(268435456L),
          Optional.of(16466927616L),
          Optional.of(15228928L));

  @Test
  void should_count_carve_out_and_gtt_when_the_gpu_is_an_apu() {
    Parsed p = AmdGpus.parse(List.of(APU), Optional.empty(), true);

    Gpu g = p.gpus().get(0);
    assertThat(g.integrated()).isTrue();
    assertThat(g.memory()).isEqualTo(ByteSize.ofBytes(536870912L + 16106127360L));
    assertThat(g.freeMemory())
        .contains(ByteSize.ofBytes(536870912L - 148029440L + 16106127360L - 45613056L));
    assertThat(g.name()).isEqualTo("AMD GPU (PCI device 0x15bf)");
    assertThat(p.notes()).singleElement().asString().contains("integrated", "GTT");
  }

  @Test
  void should_take_an_amd_gpu_under_1_gib_of_vram_for_integrated_when_the_cpu_says_nothing() {
    Parsed p = AmdGpus.parse(List.of(APU), Optional.empty(), false);

    assertThat(p.gpus().get(0).integrated()).isTrue();
  }

  @Test
  void should_count_vram_only_and_name_it_from_rocm_smi_when_the_card_is_discrete() {
    Parsed p =
        AmdGpus.parse(
            List.of(RX_7900), Optional.of(Recorded.text("rocm-smi/rx-7900-xtx.json")), false);

    Gpu g = p.gpus().get(0);
    assertThat(g.name()).isEqualTo("Radeon RX 7900 XTX");
    assertThat(g.integrated()).isFalse();
    assertThat(g.memory()).isEqualTo(ByteSize.ofBytes(25753026560L));
    assertThat(g.freeMemory()).contains(ByteSize.ofBytes(25753026560L - 27000832L));
    assertThat(g.source()).isEqualTo("rocm-smi, sysfs");
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void should_read_rocm_smi_alone_when_sysfs_has_no_card() {
    Parsed p =
        AmdGpus.parse(List.of(), Optional.of(Recorded.text("rocm-smi/old-pci-name.json")), false);

    assertThat(p.gpus())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.name()).isEqualTo("Radeon RX 7900 XTX");
              assertThat(g.source()).isEqualTo("rocm-smi");
              assertThat(g.memory().bytes()).isEqualTo(25753026560L);
            });
  }

  @Test
  void should_note_unreadable_output_when_rocm_smi_prints_no_json() {
    Parsed p =
        AmdGpus.parse(List.of(RX_7900), Optional.of("ERROR: GPU[0] : Unable to detect"), false);

    assertThat(p.gpus())
        .singleElement()
        .extracting(Gpu::name)
        .isEqualTo("AMD GPU (PCI device 0x744c)");
    assertThat(p.notes()).singleElement().asString().contains("rocm-smi printed no JSON");
  }
}
