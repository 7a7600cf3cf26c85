package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;

/**
 * Generation speed of Llama 3 8B and 70B on one server, against published llama.cpp runs of 2024
 * ({@code reference/multi_gpu_speed.csv}): 1 to 8 RTX 4090 or RTX 3090 splitting the layers, single
 * RTX 3080 and RTX 4080, and Apple M1, M1 Max, M2 Ultra and M3 Max. The per-hop term and the
 * backends' factors saw only the rows marked "calibration" (the RTX 4090 and M1 Max Llama 3 8B
 * rows) beside the Llama 2 7B rows of {@link SpeedAccuracyTest}; every other row is held out.
 */
class MultiGpuSpeedTest {

  private static final Sizer SIZER = Sizer.bundled();
  private static final HardwareCatalog HARDWARE = HardwareCatalog.bundled();
  private static final ModelCatalog MODELS = ModelCatalog.bundled();

  record Row(Map<String, String> csv, double predicted, double measured) {
    String key() {
      return csv.get("hardware") + " " + csv.get("preset") + " " + csv.get("quant");
    }

    int gpus() {
      return Integer.parseInt(csv.get("gpus"));
    }

    double error() {
      return Math.abs(predicted - measured) / measured;
    }

    boolean heldOut() {
      return csv.get("role").equals("held-out");
    }
  }

  static List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Map<String, String> r : ReferenceCsv.read("multi_gpu_speed.csv")) {
      Architecture a = MODELS.find(r.get("preset")).orElseThrow().architecture();
      QuantRecipe q = QuantRecipe.parse(r.get("quant")).orElseThrow();
      int gpus = Integer.parseInt(r.get("gpus"));
      // llama-bench -n 512: 512 tokens generated from an empty context of 512 cells
      var s =
          SIZER.size(
              new SizingRequest(
                  a,
                  q.name(),
                  q.apply(a),
                  512,
                  1,
                  KvCacheType.F16,
                  HARDWARE.find(r.get("hardware")).orElseThrow(),
                  0,
                  512,
                  gpus));
      if (!s.memory().fits()) {
        // llama-bench -ngl 99 uses memory that Ollama's scheduler keeps in reserve on each GPU
        System.out.printf(
            "%s x%d %s %s: not all on the GPUs under Ollama's reserves; left out%n",
            r.get("hardware"), gpus, r.get("preset"), r.get("quant"));
        continue;
      }
      out.add(
          new Row(
              r, s.speed().generationTokensPerSecond(), Double.parseDouble(r.get("tokens_per_s"))));
    }
    return out;
  }

  @Test
  void should_predict_published_multi_gpu_generation_speed_within_the_single_gpu_error() {
    List<Row> rows = rows();
    rows.forEach(
        r ->
            System.out.printf(
                "%-32s x%d %-9s predicted %7.2f published %7.2f error %5.1f%%%n",
                r.key(),
                r.gpus(),
                r.csv().get("role"),
                r.predicted(),
                r.measured(),
                100 * r.error()));
    List<Row> held = rows.stream().filter(Row::heldOut).toList();
    double mean = held.stream().mapToDouble(Row::error).average().orElseThrow();
    double worst = held.stream().mapToDouble(Row::error).max().orElseThrow();
    System.out.printf(
        "held out: %d rows, mean error %.1f%%, worst %.1f%%%n",
        held.size(), 100 * mean, 100 * worst);
    assertThat(mean).isLessThan(0.15);
    assertThat(worst).isLessThan(0.30);
  }

  /**
   * What splitting costs, apart from the one-GPU model's own error: the speed on n GPUs over the
   * speed on one, predicted against published, where the source ran both.
   */
  @Test
  void should_predict_the_slowdown_of_each_further_gpu() {
    List<Row> rows = rows();
    Map<String, Row> one = new HashMap<>();
    rows.stream().filter(r -> r.gpus() == 1).forEach(r -> one.put(r.key(), r));
    double worst = 0;
    for (Row r : rows) {
      Row base = one.get(r.key());
      if (base == null || r.gpus() == 1) {
        continue;
      }
      double predicted = r.predicted() / base.predicted();
      double published = r.measured() / base.measured();
      double err = Math.abs(predicted - published) / published;
      worst = Math.max(worst, err);
      System.out.printf(
          "%-32s x%d / x1: predicted %.3f published %.3f error %.1f%%%n",
          r.key(), r.gpus(), predicted, published, 100 * err);
    }
    assertThat(worst).isLessThan(0.05);
  }
}
