package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

class CatalogMatchTest {

  private static final List<Hardware> CATALOG = HardwareCatalog.bundled().all();

  private static Gpu nvidia(String name, long mib) {
    return Gpu.of(
        Gpu.Vendor.NVIDIA,
        name,
        ByteSize.ofBytes(mib * 1024 * 1024),
        Optional.empty(),
        "nvidia-smi",
        false);
  }

  private static Optional<String> matchedId(Gpu g) {
    return CatalogMatch.match(g, CATALOG).hardware().map(Hardware::id);
  }

  @Test
  void should_match_when_the_tool_spells_the_name_differently_from_the_catalog() {
    assertThat(matchedId(nvidia("NVIDIA A100-SXM4-80GB", 81920))).contains("a100-80gb-sxm");
    assertThat(matchedId(nvidia("NVIDIA A100-PCIE-40GB", 40960))).contains("a100-40gb-pcie");
    assertThat(matchedId(nvidia("Tesla V100-SXM2-16GB", 16160))).contains("v100-16gb-sxm2");
    assertThat(matchedId(nvidia("NVIDIA GeForce RTX 4090", 24564))).contains("rtx-4090");
  }

  @Test
  void should_tell_variants_apart_by_memory_when_names_are_the_same() {
    assertThat(matchedId(nvidia("NVIDIA GeForce RTX 4060 Ti", 16380))).contains("rtx-4060-ti-16gb");
    assertThat(matchedId(nvidia("NVIDIA GeForce RTX 4060 Ti", 8188))).contains("rtx-4060-ti-8gb");
    assertThat(matchedId(nvidia("NVIDIA GeForce RTX 3060", 8192))).isEmpty();
  }

  @Test
  void should_not_match_a_desktop_card_when_the_gpu_is_a_laptop_one() {
    CatalogMatch.Result r =
        CatalogMatch.match(nvidia("NVIDIA GeForce RTX 4090 Laptop GPU", 16376), CATALOG);

    assertThat(r.hardware()).isEmpty();
    assertThat(r.note()).get().asString().contains("not in the hardware catalog");
  }

  @Test
  void should_choose_none_and_name_the_candidates_when_several_rows_fit() {
    CatalogMatch.Result r = CatalogMatch.match(nvidia("NVIDIA H100 80GB HBM3", 81559), CATALOG);

    assertThat(r.hardware()).isEmpty();
    assertThat(r.note()).get().asString().contains("h100-80gb-sxm", "h100-80gb-pcie");
  }

  @Test
  void should_match_apple_chips_by_gpu_cores_when_the_catalog_has_variants() {
    Gpu m2Pro19 =
        Gpu.of(
            Gpu.Vendor.APPLE,
            "Apple M2 Pro (19-core GPU)",
            ByteSize.ofGiB(21),
            Optional.empty(),
            "system_profiler",
            true);
    Gpu m3Pro14 =
        Gpu.of(
            Gpu.Vendor.APPLE,
            "Apple M3 Pro (14-core GPU)",
            ByteSize.ofGiB(12),
            Optional.empty(),
            "system_profiler",
            true);
    Gpu m3 =
        Gpu.of(
            Gpu.Vendor.APPLE,
            "Apple M3 (10-core GPU)",
            ByteSize.ofGiB(10),
            Optional.empty(),
            "system_profiler",
            true);

    assertThat(matchedId(m2Pro19)).contains("m2-pro-19c");
    assertThat(matchedId(m3Pro14)).isEmpty();
    assertThat(matchedId(m3)).contains("m3");
  }

  @Test
  void should_match_amd_cards_when_rocm_smi_names_them() {
    Gpu xtx =
        Gpu.of(
            Gpu.Vendor.AMD,
            "Radeon RX 7900 XTX",
            ByteSize.ofBytes(25753026560L),
            Optional.empty(),
            "rocm-smi",
            false);

    assertThat(matchedId(xtx)).contains("rx-7900-xtx");
  }
}
