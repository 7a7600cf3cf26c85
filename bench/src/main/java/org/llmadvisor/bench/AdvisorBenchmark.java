package org.llmadvisor.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.AdviceRequest;
import org.llmadvisor.core.advice.Advisor;
import org.llmadvisor.core.advice.LatencyTarget;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time of one full-catalog advice (every Ollama tag on every priced device, every offering). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdvisorBenchmark {

  private Advisor advisor;
  private AdviceRequest light;
  private AdviceRequest heavy;
  private AdviceRequest highVolume;
  private AdviceRequest onPremises70b;
  private Sizer sizer;
  private SizingRequest estimate;

  @Setup
  public void setUp() {
    advisor = Advisor.bundled();
    light = request(1000, 4);
    heavy = request(2_000_000, 32);
    // the fleets issue's two workloads: past one server's throughput, past one GPU's memory
    highVolume =
        new AdviceRequest(
            new Workload(
                2_000_000, 24, 2, TokenDistribution.fixed(300), TokenDistribution.fixed(150), 1),
            5_000,
            LatencyTarget.END_TO_END,
            Optional.of(20_000.0),
            Optional.of(65.0),
            false,
            List.of(),
            true);
    onPremises70b =
        new AdviceRequest(
            new Workload(
                2_000, 8, 2, TokenDistribution.of(500, 1500), TokenDistribution.of(200, 500), 1),
            30_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.of(75.0),
            true,
            List.of(),
            true);
    sizer = Sizer.bundled();
    Architecture a = ModelCatalog.bundled().find("llama-2-70b").orElseThrow().architecture();
    estimate =
        new SizingRequest(
            a,
            "Q4_K_M",
            QuantRecipe.Q4_K_M.apply(a),
            4096,
            1,
            KvCacheType.F16,
            HardwareCatalog.bundled().find("rtx-4090").orElseThrow(),
            512,
            128);
  }

  private static AdviceRequest request(double perDay, int parallel) {
    Workload w =
        new Workload(
            perDay,
            10,
            2,
            TokenDistribution.of(500, 1500),
            TokenDistribution.of(200, 500),
            parallel);
    return new AdviceRequest(
        w,
        10_000,
        LatencyTarget.END_TO_END,
        Optional.of(500.0),
        Optional.empty(),
        false,
        List.of(),
        true);
  }

  @Benchmark
  public Advice adviceLightWorkload() {
    return advisor.advise(light);
  }

  @Benchmark
  public Advice adviceHeavyWorkload() {
    return advisor.advise(heavy);
  }

  /** 2,000,000 requests a day: every GPU candidate searches its fleet of servers. */
  @Benchmark
  public Advice adviceHighVolumeFleet() {
    return advisor.advise(highVolume);
  }

  /** Llama 3 70B kept on the premises: multi-GPU servers and Macs. */
  @Benchmark
  public Advice adviceOnPremises70b() {
    return advisor.advise(onPremises70b);
  }

  @Benchmark
  public Sizing estimate70bOn4090() {
    return sizer.size(estimate);
  }
}
