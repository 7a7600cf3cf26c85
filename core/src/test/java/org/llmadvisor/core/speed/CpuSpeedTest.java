package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Backend;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.NormKind;
import org.llmadvisor.core.model.Positions;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

/**
 * CPU-only speed against the published runs in {@code cpu_speed.csv}: eight machines (Intel Xeon,
 * desktop and laptop Core parts from 2014 to 2023, AMD Threadripper, Apple M4 Max, Raspberry Pi 5),
 * 10 generation and 4 prompt figures, each with its source, date and thread count.
 *
 * <p>Held out: the CPU model fits one factor per test, the share of the spec-sheet bandwidth a
 * token reaches (generation) and the share of the cores' FP32 peak a prompt reaches (prompt). Both
 * are fitted only on the rows marked {@code fit} (the three older machines the shipped factor was
 * first fitted on) and every {@code held-out} row is predicted from that fit. A second check leaves
 * each machine out in turn and fits on all the others. Each row's prediction and error is printed.
 *
 * <p>Limitations, stated rather than hidden: five bandwidths are inferred from the platform, not
 * stated by the source; three rows are Ollama's eval rate rather than llama-bench; only the M4 Max
 * row is limited by its threads rather than its memory, so the per-core rates rest on one source
 * (see {@code speed-calibration.json}); the prompt rows span kernels of 2023 to 2026.
 */
class CpuSpeedTest {

  private final Sizer sizer = Sizer.bundled();

  private record Row(
      String machine,
      String label,
      String test,
      boolean fit,
      String date,
      SizingRequest request,
      double tps) {
    boolean prompt() {
      return test.startsWith("pp");
    }

    /**
     * Prompt kernels of 2024 or later: llamafile's sgemm (PR #6414, 2024-04) and weight repacking
     * (2024-11 on) made CPU prompts two to three times faster, which one efficiency cannot span.
     */
    boolean currentKernels() {
      return !date.startsWith("2023");
    }
  }

  /** Llama 3.2 3B (meta-llama/Llama-3.2-3B config.json): not in the bundled catalog. */
  static Architecture llama32_3b() {
    return Architecture.builder()
        .name("Llama 3.2 3B")
        .vocabSize(128256)
        .hiddenSize(3072)
        .layers(28)
        .attentionHeads(24)
        .kvHeads(8)
        .headDim(128L)
        .intermediateSize(8192)
        .mlp(MlpKind.GATED)
        .positions(Positions.ROTARY)
        .contextLength(131072)
        .tiedEmbeddings(true)
        .norm(NormKind.RMSNORM)
        .linearBiases(false)
        .build();
  }

  static Architecture model(String id) {
    return id.equals("llama-3.2-3b")
        ? llama32_3b()
        : ModelCatalog.bundled().find(id).orElseThrow().architecture();
  }

  private List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Map<String, String> row : ReferenceCsv.read("cpu_speed.csv")) {
      Architecture a = model(row.get("model"));
      double bw = Double.parseDouble(row.get("mem_bandwidth_GBps"));
      CpuProfile p =
          CpuProfile.of(
              Integer.parseInt(row.get("cores")),
              Integer.parseInt(row.get("logical_threads")),
              Double.parseDouble(row.get("clock_GHz")),
              Arrays.asList(row.get("instruction_sets").split(" ")));
      Hardware cpu =
          new Hardware(
                  "cpu",
                  row.get("cpu"),
                  Hardware.Kind.CPU,
                  ByteSize.ofGiB(256),
                  bw,
                  Optional.empty(),
                  Optional.empty(),
                  bw,
                  Optional.empty(),
                  "test",
                  null)
              .withCpu(p);
      QuantRecipe q = QuantRecipe.parse(row.get("quant")).orElseThrow();
      String test = row.get("test");
      boolean prompt = test.startsWith("pp");
      long promptTokens = prompt ? Long.parseLong(test.substring(2)) : 0;
      SizingRequest req =
          new SizingRequest(
                  a,
                  q.name(),
                  q.apply(a),
                  prompt ? promptTokens : 640,
                  1,
                  KvCacheType.F16,
                  cpu,
                  promptTokens,
                  prompt ? 1 : 128,
                  1)
              .withThreads(Integer.parseInt(row.get("threads")));
      String machine = row.get("cpu").replaceAll(",.*", "");
      out.add(
          new Row(
              machine,
              machine + " " + row.get("model") + " " + row.get("quant") + " " + test,
              test,
              row.get("role").equals("fit"),
              row.get("date"),
              req,
              Double.parseDouble(row.get("tokens_per_s"))));
    }
    return out;
  }

  private double predict(Row r, SpeedCalibration cal) {
    SpeedEstimate s = new Sizer(sizer.runtime(), cal).sizeWithoutBasis(r.request()).speed();
    return r.prompt() ? s.promptTokensPerSecond() : s.generationTokensPerSecond();
  }

  private SpeedCalibration with(double bandwidthEfficiency, double promptEfficiency) {
    SpeedCalibration.Factors old = sizer.calibration().factors(Backend.CPU);
    SpeedCalibration.Cpu c = sizer.calibration().cpu();
    return sizer
        .calibration()
        .withFactors(
            Backend.CPU,
            new SpeedCalibration.Factors(
                bandwidthEfficiency,
                old.shaderFlopsPerWeight(),
                old.perLayerMs(),
                old.computeEfficiency(),
                "test fit"))
        .withCpu(
            new SpeedCalibration.Cpu(
                c.measuredBandwidthEfficiency(),
                c.decodeOpsPerCycle(),
                c.decodeTypeCost(),
                c.defaultTypeCost(),
                c.matmulOpsPerCycle(),
                promptEfficiency,
                c.defaultClockGHz(),
                c.repackPromptSpeedup()));
  }

  private double shippedPromptEfficiency() {
    return sizer.calibration().cpu().promptEfficiency();
  }

  /**
   * The factor in [0.05, 1.5] that minimises the squared relative error of time per token over
   * {@code training} (a grid of 0.001: the thread limit makes the model non-linear in it).
   */
  private double fit(List<Row> training, boolean prompt) {
    double best = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    SpeedCalibration.Factors f = sizer.calibration().factors(Backend.CPU);
    for (int i = 10; i <= 1500; i++) {
      double x = i / 1000.0;
      SpeedCalibration cal =
          prompt ? with(f.bandwidthEfficiency(), x) : with(x, shippedPromptEfficiency());
      double loss = 0;
      for (Row r : training) {
        double e = r.tps() / predict(r, cal) - 1;
        loss += e * e;
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        best = x;
      }
    }
    return best;
  }

  private SpeedCalibration fittedOn(List<Row> training) {
    List<Row> tg = training.stream().filter(r -> !r.prompt()).toList();
    List<Row> pp = training.stream().filter(Row::prompt).toList();
    SpeedCalibration.Factors f = sizer.calibration().factors(Backend.CPU);
    return with(
        tg.isEmpty() ? f.bandwidthEfficiency() : fit(tg, false),
        pp.isEmpty() ? shippedPromptEfficiency() : fit(pp, true));
  }

  private static RelativeErrors report(
      String title, List<Row> rows, Predicate<Row> which, SpeedCalibration cal, CpuSpeedTest t) {
    List<RelativeErrors.Prediction> ps = new ArrayList<>();
    for (Row r : rows) {
      if (which.test(r)) {
        ps.add(new RelativeErrors.Prediction(r.label(), t.predict(r, cal), r.tps()));
      }
    }
    RelativeErrors e = RelativeErrors.of(ps);
    System.out.println(title + ": " + e);
    return e;
  }

  /**
   * Proves the factors fitted on the {@code fit} rows predict every {@code held-out} row within the
   * limits: the worst held-out errors measured when this test was written plus about 5 percentage
   * points. Prints, per row, the measured and predicted rates under that fit and under the shipped
   * factors.
   */
  @Test
  void should_predict_held_out_machines_within_the_limit_when_fitted_on_the_older_three() {
    List<Row> rows = rows();
    assertThat(rows).hasSize(13);
    List<Row> training = rows.stream().filter(Row::fit).toList();
    SpeedCalibration cal = fittedOn(training);
    SpeedCalibration shipped = sizer.calibration();
    System.out.printf(
        Locale.ROOT,
        "CPU fit on %d rows: bandwidth efficiency %.3f, prompt efficiency %.3f (shipped %.3f, %.3f)%n",
        training.size(),
        cal.factors(Backend.CPU).bandwidthEfficiency(),
        cal.cpu().promptEfficiency(),
        shipped.factors(Backend.CPU).bandwidthEfficiency(),
        shipped.cpu().promptEfficiency());
    for (Row r : rows) {
      double p = predict(r, cal);
      System.out.printf(
          Locale.ROOT,
          "  %-9s %-70s measured %7.2f  predicted %7.2f (%+.1f%%)  shipped %7.2f%n",
          r.fit() ? "fit" : "held-out",
          r.label(),
          r.tps(),
          p,
          (p / r.tps() - 1) * 100,
          predict(r, shipped));
    }
    RelativeErrors tg = report("CPU tg held out", rows, r -> !r.fit() && !r.prompt(), cal, this);
    RelativeErrors pp =
        report(
            "CPU pp held out (kernels of 2024 on)",
            rows,
            r -> !r.fit() && r.prompt() && r.currentKernels(),
            cal,
            this);
    report(
        "CPU pp held out, 2023 kernels", rows, r -> r.prompt() && !r.currentKernels(), cal, this);
    RelativeErrors tgShipped =
        report("CPU tg shipped factors", rows, r -> !r.prompt(), shipped, this);
    RelativeErrors ppShipped =
        report(
            "CPU pp shipped factors (kernels of 2024 on)",
            rows,
            r -> r.prompt() && r.currentKernels(),
            shipped,
            this);

    assertThat(tg.max()).as("held-out generation, worst row").isLessThanOrEqualTo(TG_HELD_OUT_MAX);
    assertThat(pp.max()).as("held-out prompt, worst row").isLessThanOrEqualTo(PP_HELD_OUT_MAX);
    assertThat(tgShipped.max()).as("shipped, generation").isLessThanOrEqualTo(TG_SHIPPED_MAX);
    assertThat(ppShipped.max()).as("shipped, prompt").isLessThanOrEqualTo(PP_SHIPPED_MAX);
  }

  /** Each machine predicted by factors fitted on all the other machines. */
  @Test
  void should_predict_each_machine_within_the_limit_when_fitted_on_all_the_others() {
    List<Row> rows = rows();
    List<RelativeErrors.Prediction> tg = new ArrayList<>();
    List<RelativeErrors.Prediction> pp = new ArrayList<>();
    for (String machine : rows.stream().map(Row::machine).distinct().toList()) {
      SpeedCalibration cal =
          fittedOn(
              rows.stream()
                  .filter(r -> !r.machine().equals(machine))
                  .filter(r -> !r.prompt() || r.currentKernels())
                  .toList());
      for (Row r : rows.stream().filter(r -> r.machine().equals(machine)).toList()) {
        if (!r.prompt() || r.currentKernels()) {
          (r.prompt() ? pp : tg)
              .add(new RelativeErrors.Prediction(r.label(), predict(r, cal), r.tps()));
        }
      }
    }
    RelativeErrors t = RelativeErrors.of(tg);
    RelativeErrors p = RelativeErrors.of(pp);
    System.out.println("CPU tg leave one machine out: " + t);
    System.out.println("CPU pp leave one machine out (kernels of 2024 on): " + p);
    assertThat(t.max()).isLessThanOrEqualTo(TG_LOO_MAX);
    assertThat(p.max()).isLessThanOrEqualTo(PP_LOO_MAX);
  }

  // The worst errors measured when this test was written (held out: tg 19.0%, pp 14.5%; shipped:
  // tg 13.7%, pp 14.5%; one machine out: tg 13.9%, pp 13.9%) plus about 5 percentage points.
  private static final double TG_HELD_OUT_MAX = 0.24;
  private static final double PP_HELD_OUT_MAX = 0.20;
  private static final double TG_SHIPPED_MAX = 0.19;
  private static final double PP_SHIPPED_MAX = 0.20;
  private static final double TG_LOO_MAX = 0.19;
  private static final double PP_LOO_MAX = 0.19;
}
