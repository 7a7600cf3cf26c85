package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

class CpuSpeedTest {

  @Test
  void should_predict_cpu_only_generation_within_ten_percent() {
    Sizer sizer = Sizer.bundled();
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
      double predicted =
          sizer
              .size(
                  new SizingRequest(a, q.name(), q.apply(a), 640, 1, KvCacheType.F16, cpu, 0, 128))
              .speed()
              .generationTokensPerSecond();
      double measured = Double.parseDouble(row.get("tokens_per_s"));
      System.out.printf(
          "CPU tg128 %s: predicted %.1f measured %.1f%n", row.get("cpu"), predicted, measured);
      assertThat(Math.abs(predicted - measured) / measured).as(row.get("cpu")).isLessThan(0.10);
    }
  }
}
