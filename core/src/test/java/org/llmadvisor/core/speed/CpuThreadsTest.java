package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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

/** Threads, per-core rates and a measured machine in the CPU speed model. */
class CpuThreadsTest {

  private final Sizer sizer = Sizer.bundled();

  private static Hardware cpu(double gbps, CpuProfile p) {
    return new Hardware(
            "cpu",
            "test CPU",
            Hardware.Kind.CPU,
            ByteSize.ofGiB(24),
            gbps,
            Optional.empty(),
            Optional.empty(),
            gbps,
            Optional.empty(),
            "test",
            null)
        .withCpu(p);
  }

  /**
   * A 2-vCPU virtual machine as the machine module measures one: 2 cores, 2 threads, no clock
   * reported, AVX-512, token-read bandwidth 6.6 GB/s and a 180 µs barrier per layer.
   */
  private static Hardware twoCoreVm() {
    return cpu(
        6.6,
        new CpuProfile(
            2, 2, Optional.empty(), List.of("AVX2", "FMA", "AVX-512"), true, Optional.of(180.0)));
  }

  private Sizing size(String model, String quant, Hardware hw, int threads, long prompt) {
    Architecture a = ModelCatalog.bundled().find(model).orElseThrow().architecture();
    QuantRecipe q = QuantRecipe.parse(quant).orElseThrow();
    return sizer.size(
        new SizingRequest(a, q.name(), q.apply(a), 2048, 1, KvCacheType.F16, hw, prompt, 128, 1)
            .withThreads(threads));
  }

  @Test
  void
      should_generate_at_the_measured_rate_with_one_barrier_per_layer_when_the_machine_measured_itself() {
    Sizing s = size("tinyllama-1.1b", "Q4_0", twoCoreVm(), 0, 0);
    double bytes = s.memory().cpuWeightBytesPerToken();
    double eff = sizer.calibration().cpu().measuredBandwidthEfficiency();
    // KV cache reads at a mean context of 64 tokens are well under 1% of the weights
    double expected = 1 / (bytes / (eff * 6.6e9) + 22 * 180e-6);
    assertThat(s.speed().generationTokensPerSecond()).isCloseTo(expected, within(expected * 0.02));
    assertThat(s.basis()).anyMatch(l -> l.contains("measured on this machine"));
  }

  @Test
  void should_use_the_physical_cores_when_no_thread_count_is_given() {
    Hardware hw = twoCoreVm();
    assertThat(size("tinyllama-1.1b", "Q4_0", hw, 0, 512).speed())
        .isEqualTo(size("tinyllama-1.1b", "Q4_0", hw, 2, 512).speed());
  }

  @Test
  void should_slow_down_when_there_are_more_threads_than_cores() {
    Hardware smt = cpu(89.6, CpuProfile.of(8, 16, 4.5, List.of("AVX2", "FMA")));
    double atCores = size("llama-2-7b", "Q4_0", smt, 8, 512).speed().promptTokensPerSecond();
    double pastCores = size("llama-2-7b", "Q4_0", smt, 10, 512).speed().promptTokensPerSecond();
    double pastThreads =
        size("llama-2-7b", "Q4_0", smt, 32, 512).speed().generationTokensPerSecond();
    assertThat(pastCores).isLessThan(atCores);
    assertThat(pastThreads)
        .isLessThan(size("llama-2-7b", "Q4_0", smt, 8, 0).speed().generationTokensPerSecond());
    Hardware vm = twoCoreVm();
    assertThat(size("tinyllama-1.1b", "Q4_0", vm, 4, 0).speed().generationTokensPerSecond())
        .isLessThan(
            size("tinyllama-1.1b", "Q4_0", vm, 2, 0).speed().generationTokensPerSecond() / 1.9);
  }

  @Test
  void should_be_limited_by_the_cores_until_the_threads_saturate_the_memory() {
    CpuProfile m4 = CpuProfile.of(16, 16, 4.5, List.of("NEON", "DOTPROD", "I8MM"));
    Hardware fast = cpu(546, m4);
    double one = size("llama-2-7b", "Q4_0", fast, 1, 0).speed().generationTokensPerSecond();
    double four = size("llama-2-7b", "Q4_0", fast, 4, 0).speed().generationTokensPerSecond();
    assertThat(four / one).isCloseTo(4.0, within(0.2));
    Hardware slow = cpu(100, m4);
    double slowFour = size("llama-2-7b", "Q4_0", slow, 4, 0).speed().generationTokensPerSecond();
    double slowTwelve = size("llama-2-7b", "Q4_0", slow, 12, 0).speed().generationTokensPerSecond();
    assertThat(slowTwelve).isCloseTo(slowFour, within(slowFour * 0.01));
  }

  @Test
  void should_not_change_a_cpu_row_without_a_profile() {
    Architecture a = ModelCatalog.bundled().find("llama-2-7b").orElseThrow().architecture();
    QuantRecipe q = QuantRecipe.parse("Q4_0").orElseThrow();
    Hardware plain =
        new Hardware(
            "cpu",
            "plain",
            Hardware.Kind.CPU,
            ByteSize.ofGiB(64),
            51.2,
            Optional.of(0.92),
            Optional.of(0.92),
            51.2,
            Optional.empty(),
            "test",
            null);
    Sizing s =
        sizer.size(
            new SizingRequest(a, q.name(), q.apply(a), 2048, 1, KvCacheType.F16, plain, 0, 128));
    double eff = sizer.calibration().factors(plain.backend()).bandwidthEfficiency();
    double expected = eff * 51.2e9 / s.memory().cpuWeightBytesPerToken();
    assertThat(s.speed().generationTokensPerSecond()).isCloseTo(expected, within(expected * 0.02));
    assertThat(s.memory().cpuRepacked().bytes()).isZero();
  }
}
