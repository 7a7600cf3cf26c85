package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;

/**
 * Predicted against measured llama-bench speeds of Llama 2 7B (pp512 and tg128). The H100 rows are
 * left out: the scoreboard does not say whether its "H100 80 GB" is the SXM (3,350 GB/s) or the
 * PCIe card (2,000 GB/s), so no bandwidth can be attached to them honestly.
 */
class SpeedAccuracyTest {

  private final Sizer sizer = Sizer.bundled();
  private final HardwareCatalog hardware = HardwareCatalog.bundled();
  private final Architecture llama2 =
      ModelCatalog.bundled().find("llama-2-7b").orElseThrow().architecture();

  private record Result(
      String hardware, String quant, String test, double predicted, double measured) {
    double error() {
      return Math.abs(predicted - measured) / measured;
    }
  }

  private List<Result> results() {
    Map<String, String> names =
        ReferenceCsv.read("hardware-names.csv").stream()
            .collect(Collectors.toMap(r -> r.get("reference_name"), r -> r.get("catalog_id")));
    List<Result> out = new ArrayList<>();
    for (Map<String, String> row : ReferenceCsv.read("decode_speed.csv")) {
      if (row.get("flash_attention").equals("yes") || !names.containsKey(row.get("hardware"))) {
        continue;
      }
      Hardware hw = hardware.find(names.get(row.get("hardware"))).orElseThrow();
      boolean pp = row.get("test").equals("pp512");
      if (pp && hw.fp16Tflops().isEmpty()) {
        continue;
      }
      QuantRecipe q = QuantRecipe.parse(row.get("quant")).orElseThrow();
      Sizing s =
          sizer.size(
              new SizingRequest(
                  llama2,
                  q.name(),
                  q.apply(llama2),
                  640,
                  1,
                  KvCacheType.F16,
                  hw,
                  pp ? 512 : 0,
                  128));
      double predicted =
          pp ? s.speed().promptTokensPerSecond() : s.speed().generationTokensPerSecond();
      out.add(
          new Result(
              row.get("hardware"),
              row.get("quant"),
              row.get("test"),
              predicted,
              Double.parseDouble(row.get("tokens_per_s"))));
    }
    return out;
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    return s.size() % 2 == 1
        ? s.get(s.size() / 2)
        : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  @Test
  void should_predict_generation_speed_within_the_targets() {
    List<Result> tg = results().stream().filter(r -> r.test().equals("tg128")).toList();
    tg.stream()
        .sorted(Comparator.comparingDouble(Result::error).reversed())
        .limit(5)
        .forEach(
            r ->
                System.out.printf(
                    "tg128 %-32s %-5s predicted %7.1f measured %7.1f (%.1f%%)%n",
                    r.hardware(), r.quant(), r.predicted(), r.measured(), r.error() * 100));
    double median = median(tg.stream().map(Result::error).toList());
    double worst = tg.stream().mapToDouble(Result::error).max().orElseThrow();
    System.out.printf(
        "tg128: %d rows, median error %.1f%%, worst %.1f%%%n",
        tg.size(), median * 100, worst * 100);
    assertThat(tg.size()).isGreaterThan(50);
    assertThat(median).isLessThanOrEqualTo(0.15);
    assertThat(worst).isLessThanOrEqualTo(0.35);
  }

  @Test
  void should_predict_prompt_speed_within_the_target() {
    List<Result> pp = results().stream().filter(r -> r.test().equals("pp512")).toList();
    double median = median(pp.stream().map(Result::error).toList());
    System.out.printf("pp512: %d rows, median error %.1f%%%n", pp.size(), median * 100);
    assertThat(pp.size()).isGreaterThan(30);
    assertThat(median).isLessThanOrEqualTo(0.25);
  }

  @Test
  void should_slow_down_when_layers_spill_to_the_cpu() {
    Architecture l70 = ModelCatalog.bundled().find("llama-2-70b").orElseThrow().architecture();
    Hardware rtx4090 = hardware.find("rtx-4090").orElseThrow();
    Hardware a100 = hardware.find("a100-80gb-sxm").orElseThrow();
    Sizing spilled =
        sizer.size(
            new SizingRequest(
                l70,
                "Q4_K_M",
                QuantRecipe.Q4_K_M.apply(l70),
                4096,
                1,
                KvCacheType.F16,
                rtx4090,
                512,
                256));
    Sizing whole =
        sizer.size(
            new SizingRequest(
                l70,
                "Q4_K_M",
                QuantRecipe.Q4_K_M.apply(l70),
                4096,
                1,
                KvCacheType.F16,
                a100,
                512,
                256));
    assertThat(spilled.memory().fits()).isFalse();
    assertThat(whole.memory().fits()).isTrue();
    // roughly 20 GB read from ~90 GB/s system RAM per token: a few tokens per second
    assertThat(spilled.speed().generationTokensPerSecond()).isBetween(1.0, 6.0);
    assertThat(whole.speed().generationTokensPerSecond())
        .isGreaterThan(5 * spilled.speed().generationTokensPerSecond());
    assertThat(spilled.basis()).anyMatch(line -> line.contains("on the CPU"));
  }
}
