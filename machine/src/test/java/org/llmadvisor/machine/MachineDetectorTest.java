package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

class MachineDetectorTest {

  private static final List<Hardware> CATALOG = HardwareCatalog.bundled().all();

  private static HostBasics linux(String cpu) {
    return new HostBasics(
        "Linux",
        "amd64",
        cpu,
        8,
        16,
        Optional.empty(),
        ByteSize.ofGiB(32),
        ByteSize.ofGiB(20),
        List.of());
  }

  @Test
  void should_find_no_gpu_and_say_which_tools_are_missing_when_the_machine_has_none(
      @TempDir Path empty) {
    MachineReport r =
        new MachineDetector(new Recorded.Commands(), empty, () -> linux("Some CPU"), CATALOG)
            .detect();

    assertThat(r.gpus()).isEmpty();
    assertThat(r.unifiedMemory()).isEmpty();
    assertThat(r.notes())
        .singleElement()
        .asString()
        .contains(
            "no GPU found",
            "nvidia-smi not found",
            "rocm-smi not found",
            "no AMD GPU in /sys/class/drm");
  }

  @Test
  void should_attach_catalog_bandwidth_when_nvidia_smi_lists_known_gpus(@TempDir Path empty) {
    Recorded.Commands tools =
        new Recorded.Commands().answer(NvidiaSmi.QUERY, "nvidia-smi/two-rtx-4090.csv");

    MachineReport r =
        new MachineDetector(tools, empty, () -> linux("AMD Ryzen 9 7950X"), CATALOG).detect();

    assertThat(r.gpus())
        .hasSize(2)
        .allSatisfy(g -> assertThat(g.memoryBandwidthGBps()).contains(1008.0));
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void should_note_an_unmatched_gpu_when_the_catalog_lacks_it() {
    Recorded.Commands tools =
        new Recorded.Commands().answer(NvidiaSmi.QUERY, "nvidia-smi/laptop.csv");

    MachineReport r =
        new MachineDetector(
                tools,
                Recorded.path("sysfs-nvidia-no-driver"),
                () -> linux("Intel Core i7-13700H"),
                CATALOG)
            .detect();

    assertThat(r.gpus()).singleElement().satisfies(g -> assertThat(g.catalog()).isEmpty());
    assertThat(r.notes())
        .anySatisfy(
            n -> assertThat(n).contains("RTX 4070 Laptop GPU", "not in the hardware catalog"));
  }

  @Test
  void should_list_mig_instances_when_the_query_shows_mig_enabled(@TempDir Path empty) {
    Recorded.Commands tools =
        new Recorded.Commands()
            .answer(NvidiaSmi.QUERY, "nvidia-smi/a100-mig.csv")
            .answer(NvidiaSmi.LIST, "nvidia-smi/a100-mig-list.txt");

    MachineReport r =
        new MachineDetector(tools, empty, () -> linux("AMD EPYC 7763"), CATALOG).detect();

    assertThat(r.gpus()).hasSize(4);
    assertThat(r.gpus().get(3).catalog()).map(Hardware::id).contains("a100-80gb-sxm");
  }

  @Test
  void should_say_the_driver_is_missing_when_an_nvidia_gpu_is_on_the_bus_without_nvidia_smi() {
    MachineReport r =
        new MachineDetector(
                new Recorded.Commands(),
                Recorded.path("sysfs-nvidia-no-driver"),
                () -> linux("x"),
                CATALOG)
            .detect();

    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("NVIDIA GPU is on the PCI bus"));
  }

  @Test
  void should_count_gtt_and_read_cpuinfo_when_the_laptop_has_an_amd_apu() {
    MachineReport r =
        new MachineDetector(
                new Recorded.Commands(),
                Recorded.path("sysfs-apu"),
                () -> linux("AMD Ryzen 7 7840U w/ Radeon 780M Graphics"),
                CATALOG)
            .detect();

    assertThat(r.gpus())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.integrated()).isTrue();
              assertThat(g.memory()).isEqualTo(ByteSize.ofBytes(536870912L + 16106127360L));
            });
    assertThat(r.cpu().instructionSets()).contains("AVX2", "AVX-512");
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("GTT"));
  }

  @Test
  void should_read_the_discrete_card_from_sysfs_and_rocm_smi_when_both_are_there() {
    Recorded.Commands tools =
        new Recorded.Commands().answer(AmdGpus.ROCM_SMI, "rocm-smi/old-pci-name.json");

    MachineReport r =
        new MachineDetector(
                tools, Recorded.path("sysfs-rx7900"), () -> linux("AMD Ryzen 9 7950X"), CATALOG)
            .detect();

    assertThat(r.gpus())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.name()).isEqualTo("Radeon RX 7900 XTX");
              assertThat(g.memoryBandwidthGBps()).contains(960.0);
            });
  }

  @Test
  void should_report_unified_memory_and_the_gpu_limit_when_the_machine_is_an_apple_mac(
      @TempDir Path empty) {
    Recorded.Commands tools =
        new Recorded.Commands()
            .answer(AppleSilicon.MEMSIZE, "apple/m2-pro-memsize.txt")
            .answer(AppleSilicon.BRAND, "apple/m2-pro-brand.txt")
            .answer(AppleSilicon.WIRED_LIMIT, "apple/m2-pro-wired-limit.txt")
            .answer(AppleSilicon.DISPLAYS, "apple/m2-pro-displays.json");
    HostBasics mac =
        new HostBasics(
            "macOS",
            "aarch64",
            "Apple M2 Pro",
            12,
            12,
            Optional.empty(),
            ByteSize.ofGiB(32),
            ByteSize.ofGiB(18),
            List.of());

    MachineReport r = new MachineDetector(tools, empty, () -> mac, CATALOG).detect();

    assertThat(r.unifiedMemory())
        .get()
        .satisfies(
            u -> {
              assertThat(u.total()).isEqualTo(ByteSize.ofGiB(32));
              assertThat(u.gpuLimit().gib())
                  .isCloseTo(21.33, org.assertj.core.data.Offset.offset(0.01));
            });
    assertThat(r.gpus())
        .singleElement()
        .satisfies(g -> assertThat(g.catalog()).map(Hardware::id).contains("m2-pro-19c"));
    assertThat(r.cpu().instructionSets()).containsExactly("NEON");
  }

  @Test
  void should_fall_back_to_the_jdk_and_say_so_when_oshi_fails(@TempDir Path empty) {
    MachineReport r =
        new MachineDetector(
                new Recorded.Commands(),
                empty,
                () -> {
                  throw new UnsatisfiedLinkError("no libc");
                },
                CATALOG)
            .detect();

    assertThat(r.cpu().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("OSHI could not read"));
  }

  @Test
  void should_see_ram_within_1_percent_of_proc_meminfo_when_run_on_linux() throws IOException {
    Path meminfo = Path.of("/proc/meminfo");
    assumeTrue(Files.isReadable(meminfo));

    MachineReport r = MachineDetector.forThisMachine(Duration.ofSeconds(5), CATALOG).detect();

    long totalKb =
        Files.readAllLines(meminfo).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .findFirst()
            .orElseThrow();
    assertThat((double) r.memory().total().bytes())
        .isCloseTo(totalKb * 1024.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(r.cpu().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(r.cpu().cores()).isBetween(1, r.cpu().threads());
  }
}
