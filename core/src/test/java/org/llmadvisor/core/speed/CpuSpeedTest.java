package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.Backend;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

/**
 * CPU-only generation speed against the three published llama-bench runs in {@code cpu_speed.csv},
 * each from a different source and machine.
 *
 * <p>Limitation, stated rather than hidden: three rows are all there is, and only the Xeon row
 * states its memory configuration; the i9-13900K's channel count and the Threadripper's whole
 * memory configuration are inferred from the platform. So the held-out check below is
 * leave-one-source-out on three rows (fit the CPU bandwidth efficiency on two, predict the third),
 * and its error measures the bandwidth assumptions as much as the model. It says nothing about CPU
 * families outside these three (Apple, ARM servers, AMD desktop parts); more published runs with a
 * stated memory configuration are needed before it can.
 */
class CpuSpeedTest {

  private final Sizer sizer = Sizer.bundled();

  private record Row(String cpu, SizingRequest request, double measured) {}

  private List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Map<String, String> row : ReferenceCsv.read("cpu_speed.csv")) {
      Architecture a = ModelCatalog.bundled().find(row.get("model")).orElseThrow().architecture();
      double bw = Double.parseDouble(row.get("mem_bandwidth_GBps"));
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
              null);
      QuantRecipe q = QuantRecipe.parse(row.get("quant")).orElseThrow();
      out.add(
          new Row(
              row.get("cpu"),
              new SizingRequest(a, q.name(), q.apply(a), 640, 1, KvCacheType.F16, cpu, 0, 128),
              Double.parseDouble(row.get("tokens_per_s"))));
    }
    return out;
  }

  private double predict(Row r, SpeedCalibration cal) {
    return new Sizer(sizer.runtime(), cal)
        .sizeWithoutBasis(r.request())
        .speed()
        .generationTokensPerSecond();
  }

  private SpeedCalibration fittedOn(List<Row> training) {
    SpeedCalibration bundled = sizer.calibration();
    SpeedFit.GenerationFactors g =
        SpeedFit.fitGeneration(
            training.stream()
                .map(
                    r ->
                        new SpeedFit.GenerationSample(
                            SpeedFit.generationTerms(
                                cal ->
                                    new Sizer(sizer.runtime(), cal)
                                        .sizeWithoutBasis(r.request())
                                        .speed(),
                                Backend.CPU,
                                bundled.pcieGBps()),
                            r.measured()))
                .toList(),
            EnumSet.of(SpeedFit.Term.BANDWIDTH));
    SpeedCalibration.Factors old = bundled.factors(Backend.CPU);
    Map<Backend, SpeedCalibration.Factors> m = new EnumMap<>(bundled.backends());
    m.put(
        Backend.CPU,
        new SpeedCalibration.Factors(
            g.bandwidthEfficiency(), 0, 0, old.computeEfficiency(), "test fit"));
    return new SpeedCalibration(m, bundled.pcieGBps());
  }

  /**
   * Proves the CPU bandwidth efficiency fitted on two sources predicts the third within the limit:
   * the worst held-out error measured when this test was written (see the output) plus 3 percentage
   * points. Also reports the bundled factor's error on the same rows, which is in-sample (it was
   * fitted on all three), and bounds it the same way because the application uses it.
   */
  @Test
  void should_predict_each_held_out_source_within_the_limit_when_fitted_on_the_other_two() {
    List<Row> rows = rows();
    assertThat(rows).hasSize(3);
    List<RelativeErrors.Prediction> bundled = new ArrayList<>();
    List<RelativeErrors.Prediction> fit = new ArrayList<>();
    List<RelativeErrors.Prediction> held = new ArrayList<>();
    SpeedCalibration all = fittedOn(rows);
    for (Row r : rows) {
      List<Row> others = rows.stream().filter(o -> o != r).toList();
      SpeedCalibration cal = fittedOn(others);
      double predicted = predict(r, cal);
      System.out.printf(
          Locale.ROOT,
          "  CPU tg128 held out %s: efficiency %.3f from the other two, predicted %.1f measured %.1f%n",
          r.cpu(),
          cal.factors(Backend.CPU).bandwidthEfficiency(),
          predicted,
          r.measured());
      held.add(new RelativeErrors.Prediction(r.cpu(), predicted, r.measured()));
      fit.add(new RelativeErrors.Prediction(r.cpu(), predict(r, all), r.measured()));
      bundled.add(
          new RelativeErrors.Prediction(r.cpu(), predict(r, sizer.calibration()), r.measured()));
    }
    RelativeErrors b = RelativeErrors.of(bundled);
    RelativeErrors f = RelativeErrors.of(fit);
    RelativeErrors h = RelativeErrors.of(held);
    System.out.println("CPU tg128 bundled factor (in-sample): " + b);
    System.out.printf(
        Locale.ROOT,
        "CPU tg128 fit error (in-sample, efficiency %.3f): %s%n",
        all.factors(Backend.CPU).bandwidthEfficiency(),
        f);
    System.out.println("CPU tg128 held-out error (leave one source out): " + h);

    assertThat(h.max()).as("held-out worst error").isLessThanOrEqualTo(0.225);
    assertThat(b.max()).as("bundled factor's worst error").isLessThanOrEqualTo(0.127);
  }
}
