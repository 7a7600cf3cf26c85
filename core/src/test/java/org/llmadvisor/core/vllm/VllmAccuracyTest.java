package org.llmadvisor.core.vllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;

/**
 * The vLLM model against published vLLM concurrency sweeps ({@code reference/vllm_sweeps.csv}): the
 * two fitted constants (step overhead, compute efficiency) come from the rows marked {@code fit};
 * the rows marked {@code held-out} check them. A row without published prompt and output lengths is
 * timed as a pure decode step of its running batch at a short context.
 */
class VllmAccuracyTest {

  static final ModelCatalog MODELS = ModelCatalog.bundled();
  static final HardwareCatalog HW = HardwareCatalog.bundled();
  static final List<Map<String, String>> ROWS =
      ReferenceCsv.read("vllm_sweeps.csv").stream()
          .filter(r -> !r.get("set").equals("excluded"))
          .toList();

  static double predict(Map<String, String> row, VllmEstimator vllm) {
    boolean lengths = !row.get("input_tokens").isBlank();
    long in = lengths ? Long.parseLong(row.get("input_tokens")) : 0;
    long out = lengths ? Long.parseLong(row.get("output_tokens")) : 1;
    VllmEstimate e =
        vllm.estimate(
            MODELS.find(row.get("model")).orElseThrow().architecture(),
            VllmFormat.parse(row.get("dtype")).orElseThrow(),
            HW.find(row.get("gpu")).orElseThrow(),
            1,
            4096,
            Integer.parseInt(row.get("concurrency")),
            in,
            out);
    return switch (row.get("measure")) {
      case "aggregate_output_tps" -> e.aggregateGenerationTokensPerSecond();
      case "per_sequence_decode_tps" -> e.perSequenceTokensPerSecond();
      default -> throw new IllegalArgumentException("unknown measure " + row.get("measure"));
    };
  }

  static double error(Map<String, String> row, VllmEstimator vllm) {
    double measured = Double.parseDouble(row.get("measured"));
    return Math.abs(predict(row, vllm) - measured) / measured;
  }

  static double medianError(List<Map<String, String>> rows, VllmEstimator vllm) {
    double[] e = rows.stream().mapToDouble(r -> error(r, vllm)).sorted().toArray();
    int n = e.length;
    return n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
  }

  static List<Map<String, String>> set(String name) {
    return ROWS.stream().filter(r -> r.get("set").equals(name)).toList();
  }

  @Test
  void should_reproduce_held_out_sweeps_within_35_percent_median() {
    VllmEstimator vllm = VllmEstimator.bundled();
    List<Map<String, String>> held = set("held-out");
    System.out.println(
        "| row | GPU | model | in/out | concurrency | measured | predicted | error |");
    for (Map<String, String> r : held) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s/%s | %s | %s | %.0f | %.0f%% |%n",
          r.get("id"),
          r.get("gpu"),
          r.get("model"),
          r.get("input_tokens"),
          r.get("output_tokens"),
          r.get("concurrency"),
          r.get("measured"),
          predict(r, vllm),
          100 * error(r, vllm));
    }
    double median = medianError(held, vllm);
    System.out.printf(Locale.ROOT, "held-out median error %.1f%%%n", 100 * median);
    assertThat(held).extracting(r -> r.get("gpu")).contains("rtx-4090", "h100-80gb-sxm");
    assertThat(held).anyMatch(r -> r.get("gpu").startsWith("a100"));
    assertThat(median).isLessThanOrEqualTo(0.35);
  }

  @Test
  void should_ship_the_constants_the_fit_rows_give() {
    VllmEstimator bundled = VllmEstimator.bundled();
    VllmConstants c = bundled.catalog().constants();
    List<Map<String, String>> fit = set("fit");
    double best = Double.MAX_VALUE;
    double bestOverhead = 0;
    double bestEfficiency = 0;
    for (double overhead = 0; overhead <= 8.0001; overhead += 0.25) {
      for (double eff = 0.05; eff <= 0.9001; eff += 0.05) {
        VllmEstimator e =
            new VllmEstimator(bundled.catalog().withConstants(c.withSpeed(overhead, eff)));
        double err = medianError(fit, e) + 0.3 * worst(fit, e);
        if (err < best - 1e-9) {
          best = err;
          bestOverhead = overhead;
          bestEfficiency = eff;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "fit: stepOverheadMs %.2f, computeEfficiency %.2f (shipped %.2f, %.2f); fit-row median"
            + " %.1f%%%n",
        bestOverhead,
        bestEfficiency,
        c.stepOverheadMs(),
        c.computeEfficiency(),
        100 * medianError(fit, bundled));
    assertThat(c.stepOverheadMs())
        .isCloseTo(bestOverhead, org.assertj.core.data.Offset.offset(0.3));
    assertThat(c.computeEfficiency())
        .isCloseTo(bestEfficiency, org.assertj.core.data.Offset.offset(0.06));
  }

  static double worst(List<Map<String, String>> rows, VllmEstimator vllm) {
    List<Double> e = new ArrayList<>();
    rows.forEach(r -> e.add(error(r, vllm)));
    return e.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
