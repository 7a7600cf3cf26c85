package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

/**
 * The real llama.cpp CPU engine on a 2-core AMD EPYC (Zen 5) virtual machine, against the machine
 * as the machine module describes it (measured bandwidth and barrier, no clock reported, so the
 * assumed 2.0 GHz), in {@code local_engine_speed.csv}: TinyLlama-shaped files of random weights,
 * generation alone and four sequences together, prompts, and generation after a prompt.
 *
 * <p>The generation rows alone and four together are those the Q4_0 and Q8_0 costs and the AVX-512
 * rate were fitted on (speed-calibration.json), so their bound is loose (35%); the prompt and the
 * after-prompt rows were not fitted on and are held to the same bound.
 */
class LocalEngineSpeedTest {

  private final Sizer sizer = Sizer.bundled();

  private record Row(
      String label,
      String role,
      Sizing sizing,
      int parallel,
      boolean prompt,
      double tps,
      long fileBytes) {}

  private static Hardware machine(Map<String, String> row) {
    double gbps = Double.parseDouble(row.get("mem_bandwidth_GBps"));
    int cores = Integer.parseInt(row.get("cores"));
    CpuProfile p =
        new CpuProfile(
            cores,
            cores,
            Optional.of(2.0),
            Arrays.asList(row.get("instruction_sets").split(" ")),
            true,
            Optional.of(1.13));
    return new Hardware(
            "local",
            row.get("machine"),
            Hardware.Kind.CPU,
            ByteSize.ofGiB(23),
            gbps,
            Optional.empty(),
            Optional.empty(),
            gbps,
            Optional.empty(),
            "test",
            null)
        .withCpu(p);
  }

  private List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Map<String, String> row : ReferenceCsv.read("local_engine_speed.csv")) {
      Architecture a = ModelCatalog.bundled().find(row.get("model")).orElseThrow().architecture();
      QuantRecipe q = QuantRecipe.parse(row.get("quant")).orElseThrow();
      String test = row.get("test");
      boolean prompt = test.startsWith("pp");
      long promptTokens = prompt ? 512 : test.contains("@d") ? 512 : 0;
      int parallel = Integer.parseInt(row.get("parallel"));
      Sizing s =
          sizer.size(
              new SizingRequest(
                      a,
                      q.name(),
                      q.apply(a),
                      1024,
                      parallel,
                      KvCacheType.F16,
                      machine(row),
                      promptTokens,
                      prompt ? 1 : 128,
                      1)
                  .withThreads(Integer.parseInt(row.get("threads"))));
      out.add(
          new Row(
              row.get("quant") + " " + test + " x" + parallel,
              row.get("role"),
              s,
              parallel,
              prompt,
              Double.parseDouble(row.get("tokens_per_s")),
              Long.parseLong(row.get("file_bytes"))));
    }
    return out;
  }

  private static double predicted(Row r) {
    SpeedEstimate s = r.sizing().speed();
    return r.prompt()
        ? s.promptTokensPerSecond()
        : s.aggregateGenerationTokensPerSecond(r.parallel());
  }

  @Test
  void should_predict_the_real_engines_generation_within_35_percent_when_run_on_this_machine() {
    List<Row> rows = rows();
    for (Row r : rows) {
      System.out.printf(
          "  %-9s %-22s measured %7.2f  predicted %7.2f (%+.1f%%)  %s-bound%n",
          r.role(),
          r.label(),
          r.tps(),
          predicted(r),
          (predicted(r) / r.tps() - 1) * 100,
          r.sizing().speed().step().limit(r.parallel()).name().toLowerCase());
    }
    assertThat(rows).hasSize(8);
    assertThat(rows)
        .filteredOn(r -> !r.prompt())
        .hasSize(6)
        .allSatisfy(
            r -> assertThat(predicted(r) / r.tps() - 1).as(r.label()).isBetween(-0.35, 0.35));
  }

  @Test
  void should_bind_on_arithmetic_not_memory_when_two_cores_read_fast_memory() {
    assertThat(rows())
        .filteredOn(r -> !r.prompt())
        .allSatisfy(
            r ->
                assertThat(r.sizing().speed().step().limit(r.parallel()))
                    .as(r.label())
                    .isEqualTo(BatchedStep.Limit.COMPUTE));
  }

  @Test
  void
      should_predict_the_file_sizes_within_2_percent_when_the_files_are_written_as_llama_cpp_does() {
    assertThat(rows())
        .allSatisfy(
            r ->
                assertThat((double) r.sizing().memory().weights().bytes() / r.fileBytes() - 1)
                    .as(r.label())
                    .isBetween(-0.02, 0.02));
  }
}
