package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

class LocalHardwareTest {

  private static final long MIB = 1024L * 1024;
  private static final Measurement MEASURED =
      new Measurement(
          Instant.parse("2026-11-30T10:00:00Z"),
          "x",
          new MemoryBandwidth.Result(7.0, 2, 256 * MIB, 1.0),
          new TokenRead.Result(2, 32, 16 * MIB, 10, 0.1, 5e-6));

  private static HostBasics host() {
    return new HostBasics(
        "Linux",
        "amd64",
        "Intel Xeon",
        2,
        2,
        Optional.of(2_300_000_000L),
        ByteSize.ofGiB(24),
        ByteSize.ofGiB(22),
        List.of());
  }

  @Test
  void should_be_a_cpu_with_the_measured_bandwidth_when_there_is_no_gpu(@TempDir Path empty) {
    MachineReport r =
        new MachineDetector(new Recorded.Commands(), empty, LocalHardwareTest::host, List.of())
            .detect();

    Hardware h = LocalHardware.from(r, MEASURED);

    assertThat(h.id()).isEqualTo("local");
    assertThat(h.kind()).isEqualTo(Hardware.Kind.CPU);
    // what a model can have without paging: the 22 GiB available, not the 24 installed
    assertThat(h.memory()).isEqualTo(ByteSize.ofGiB(22));
    assertThat(h.memoryBandwidthGBps()).isEqualTo(MEASURED.tokenRead().streamingGBps());
    assertThat(h.cpu())
        .hasValueSatisfying(
            p -> {
              assertThat(p.physicalCores()).isEqualTo(2);
              assertThat(p.bandwidthMeasured()).isTrue();
              assertThat(p.syncMicrosPerLayer()).contains(5.0);
              assertThat(p.clockGHz()).contains(2.3);
            });
    // no vector extension known (the empty test root has no /proc/cpuinfo): 8 FLOPs a cycle
    assertThat(h.fp32Tflops())
        .hasValueSatisfying(
            t ->
                assertThat(t)
                    .isCloseTo(2 * 2.3e9 * 8 / 1e12, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void should_run_a_cpu_without_a_reported_clock_at_the_clock_its_dot_products_give(
      @TempDir Path empty) {
    HostBasics noClock =
        new HostBasics(
            "Linux",
            "amd64",
            "AMD EPYC",
            2,
            2,
            Optional.empty(),
            ByteSize.ofGiB(24),
            ByteSize.ofGiB(22),
            List.of());
    MachineReport r =
        new MachineDetector(new Recorded.Commands(), empty, () -> noClock, List.of()).detect();
    double reference = org.llmadvisor.core.speed.ClockReference.BUNDLED.dotProductGopsPerThread();
    Measurement twiceAsFast =
        new Measurement(
            MEASURED.measuredAt(),
            "x",
            MEASURED.bandwidth(),
            MEASURED.tokenRead(),
            Optional.of(new DotProducts.Result(2, 2 * reference)));

    Hardware measured = LocalHardware.from(r, twiceAsFast);
    Hardware assumed = LocalHardware.from(r, MEASURED);

    double ghz = 2 * org.llmadvisor.core.speed.ClockReference.BUNDLED.ghz();
    assertThat(measured.cpu().orElseThrow().clockGHz().orElseThrow())
        .isCloseTo(ghz, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(measured.note()).contains("measured dot products");
    // without the measurement the clock is the flat assumption, said in the note
    assertThat(assumed.cpu().orElseThrow().clockGHz()).contains(2.0);
    assertThat(assumed.note()).contains("assumed 2.0 GHz");
  }

  /**
   * The speed model, given this machine's row, times a token's reads as the measurement does: the
   * model's bytes at the rate read between barriers (at the CPU model's measured-bandwidth
   * efficiency), and one measured barrier per layer as the step's fixed cost.
   */
  @Test
  void should_time_a_tokens_reads_as_the_token_read_measurement_does_when_sized_on_this_machine(
      @TempDir Path empty) {
    MachineReport r =
        new MachineDetector(new Recorded.Commands(), empty, LocalHardwareTest::host, List.of())
            .detect();
    Hardware h = LocalHardware.from(r, MEASURED);
    Sizer sizer = Sizer.bundled();
    Architecture a = ModelCatalog.bundled().find("tinyllama-1.1b").orElseThrow().architecture();
    QuantRecipe q = QuantRecipe.parse("Q4_0").orElseThrow();

    Sizing s =
        sizer.size(new SizingRequest(a, q.name(), q.apply(a), 512, 1, KvCacheType.F16, h, 0, 16));

    double eff = sizer.calibration().cpu().measuredBandwidthEfficiency();
    TokenRead.Result t = MEASURED.tokenRead();
    double bytes = s.memory().cpuWeightBytesPerToken();
    assertThat(s.speed().memoryMsPerToken() / 1000)
        .isCloseTo(
            bytes / (eff * t.streamingGBps() * 1e9),
            org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(s.speed().step().fixedMs() / 1000)
        .isCloseTo(
            a.layers() * t.syncSecondsPerLayer(),
            org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void should_estimate_flops_from_cores_clock_and_vector_width_when_the_cpu_has_avx2() {
    MachineReport r =
        new MachineReport(
            "Linux",
            new CpuInfo(
                "Intel Xeon", 2, 2, Optional.of(2_300_000_000L), "amd64", List.of("FMA", "AVX2")),
            new MemoryInfo(ByteSize.ofGiB(24), ByteSize.ofGiB(22)),
            List.of(),
            Optional.empty(),
            List.of());

    assertThat(LocalHardware.from(r, MEASURED).fp32Tflops())
        .hasValueSatisfying(
            t ->
                assertThat(t)
                    .isCloseTo(2 * 2.3e9 * 32 / 1e12, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void
      should_take_gpu_specs_from_the_catalog_and_host_bandwidth_from_the_measurement_when_a_gpu_matches(
          @TempDir Path empty) {
    Recorded.Commands tools =
        new Recorded.Commands().answer(NvidiaSmi.QUERY, "nvidia-smi/two-rtx-4090.csv");
    MachineReport r =
        new MachineDetector(tools, empty, LocalHardwareTest::host, HardwareCatalog.bundled().all())
            .detect();

    Hardware h = LocalHardware.from(r, MEASURED);

    assertThat(h.kind()).isEqualTo(Hardware.Kind.GPU);
    assertThat(h.memoryBandwidthGBps()).isEqualTo(1008.0);
    assertThat(h.hostMemoryBandwidthGBps()).isEqualTo(MEASURED.speedModelGBps());
    assertThat(h.memory().bytes()).isEqualTo(24564L * MIB);
    assertThat(h.note()).contains("2 GPUs");
    assertThat(h.tdpWatts()).isEqualTo(HardwareCatalog.bundled().find("rtx-4090").get().tdpWatts());
  }

  @Test
  void should_estimate_cpu_power_from_its_class_when_there_is_no_gpu() {
    Hardware desktop = LocalHardware.from(cpuOnly(8), MEASURED);
    Hardware server = LocalHardware.from(cpuOnly(64), MEASURED);

    assertThat(desktop.tdpWatts()).contains(LocalHardware.DESKTOP_WATTS);
    assertThat(desktop.source()).contains("125 W estimated for a desktop CPU of 8 cores");
    assertThat(server.tdpWatts()).contains(LocalHardware.SERVER_WATTS);
    assertThat(server.source()).contains("server CPU of 64 cores");
    // no clock reported: 2 GHz assumed, and said
    assertThat(desktop.fp32Tflops()).contains(8 * 2e9 * 8 / 1e12);
    assertThat(desktop.note()).contains("assumed 2.0 GHz");
  }

  private static MachineReport cpuOnly(int cores) {
    return new MachineReport(
        "Linux",
        new CpuInfo("CPU", cores, cores * 2, Optional.empty(), "amd64", List.of("AVX2")),
        new MemoryInfo(ByteSize.ofGiB(64), ByteSize.ofGiB(60)),
        List.of(),
        Optional.empty(),
        List.of());
  }
}
