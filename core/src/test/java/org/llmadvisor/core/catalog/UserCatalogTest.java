package org.llmadvisor.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.model.ParameterCount;

/** A user's catalog file replaces bundled rows with the same id and adds new ones. */
class UserCatalogTest {

  @TempDir Path dir;

  @Test
  void should_override_and_extend_every_section() throws Exception {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        """
        {
          "hardware": [
            {"id": "rtx-4090", "name": "Our 4090 (memory clocked down)", "kind": "gpu", "memoryGiB": 24,
             "memoryBandwidthGBps": 900, "fp16Tflops": 330, "source": "our measurement", "retrieved": "2026-11-01"},
            {"id": "our-box", "name": "Our CPU box", "kind": "cpu", "memoryGiB": 128, "memoryBandwidthGBps": 120,
             "fp16Tflops": 2, "source": "vendor sheet", "retrieved": "2026-11-01"}
          ],
          "models": [
            {"id": "tiny-test", "name": "Tiny test model", "architecture": {"vocabSize": 1000, "hiddenSize": 64, "layers": 2,
             "attentionHeads": 4, "intermediateSize": 256}, "source": "ours", "retrieved": "2026-11-01"}
          ],
          "offerings": [],
          "purchase": [{"hardware": "our-box", "usd": 4000, "source": "invoice", "retrieved": "2026-11-01"}],
          "rental": [{"hardware": "a100-80gb-sxm", "usdPerHour": 1.10, "source": "our contract", "retrieved": "2026-11-01"}],
          "quality": [{"preset": "tiny-test", "benchmark": "MMLU", "score": 25, "source": "ours"}],
          "defaults": {"electricityUsdPerKwh": 0.30}
        }
        """);
    HardwareCatalog hw = HardwareCatalog.load(Optional.of(file));
    assertThat(hw.find("rtx-4090").orElseThrow().memoryBandwidthGBps()).isEqualTo(900);
    assertThat(hw.find("our-box")).isPresent();
    assertThat(hw.find("h100-80gb-sxm")).isPresent();
    ModelCatalog models = ModelCatalog.load(Optional.of(file));
    assertThat(ParameterCount.of(models.find("tiny-test").orElseThrow().architecture()).total())
        .isPositive();
    assertThat(models.find("llama-2-7b")).isPresent();
    OfferingCatalog offerings = OfferingCatalog.load(Optional.of(file));
    assertThat(offerings.ownership().purchaseUsd())
        .containsEntry("our-box", 4000.0)
        .containsKey("rtx-4090");
    assertThat(offerings.ownership().rentalUsdPerHour()).containsEntry("a100-80gb-sxm", 1.10);
    assertThat(offerings.ownership().electricityUsdPerKwh()).isEqualTo(0.30);
    assertThat(offerings.quality("tiny-test").orElseThrow().score()).isEqualTo(25);
    assertThat(offerings.offerings()).isNotEmpty();
  }

  @Test
  void should_name_the_file_the_row_and_the_field_of_a_bad_row() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        """
        {"hardware": [
          {"id": "ok", "name": "ok", "kind": "gpu", "memoryGiB": 8, "memoryBandwidthGBps": 300, "source": "x", "retrieved": "x"},
          {"id": "broken", "name": "broken", "kind": "gpu", "memoryGiB": 8, "memoryBandwidthGBps": -1, "source": "x", "retrieved": "x"}
        ]}
        """);
    assertThatThrownBy(() -> HardwareCatalog.load(Optional.of(file)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("hardware[1]")
        .hasMessageContaining("broken")
        .hasMessageContaining("memoryBandwidthGBps");
    Path models = dir.resolve("models.json");
    Files.writeString(
        models,
        """
        {"models": [{"id": "m", "name": "m", "architecture": {"vocabSize": 10, "hiddenSize": 8, "layers": 1,
          "attentionHeads": 3, "intermediateSize": 16}, "source": "x", "retrieved": "x"}]}
        """);
    assertThatThrownBy(() -> ModelCatalog.load(Optional.of(models)))
        .hasMessageContaining("models[0]")
        .hasMessageContaining("headDim");
  }
}
