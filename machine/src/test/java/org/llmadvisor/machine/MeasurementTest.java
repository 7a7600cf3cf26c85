package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.units.ByteSize;

// a measurement that never ends fails here instead of holding the build
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class MeasurementTest {

  private static final long MIB = 1024L * 1024;
  private static final MeasureSettings QUICK =
      new MeasureSettings(Duration.ofMillis(100), 16 * MIB, 8);

  private static MachineReport machine(String cpu) {
    return new MachineReport(
        "Linux",
        new CpuInfo(cpu, 2, 2, Optional.empty(), "amd64", List.of("AVX2")),
        new MemoryInfo(ByteSize.ofGiB(24), ByteSize.ofGiB(20)),
        List.of(),
        Optional.empty(),
        List.of());
  }

  @Test
  void should_read_memory_for_about_the_given_time_when_measuring_bandwidth() {
    long t0 = System.nanoTime();
    MemoryBandwidth.Result r = MemoryBandwidth.measure(2, 8 * MIB, Duration.ofMillis(150));
    double wall = (System.nanoTime() - t0) / 1e9;

    assertThat(r.gbps()).isGreaterThan(0.1);
    assertThat(r.threads()).isEqualTo(2);
    assertThat(r.seconds()).isBetween(0.15, 1.0);
    assertThat(wall).isLessThan(3.0);
  }

  @Test
  void should_count_barriers_and_bytes_when_a_token_is_read() {
    TokenRead.Result r = TokenRead.measure(2, 8, 2 * MIB, Duration.ofMillis(150));

    assertThat(r.tokens()).isPositive();
    assertThat(r.bytesPerLayer()).isEqualTo(2 * MIB);
    assertThat(r.syncSecondsPerLayer()).isPositive();
    // barriers and reads are timed in separate runs, so on a machine whose other work preempts a
    // thread their ratio says nothing; each must only have been measured
    assertThat(r.secondsPerToken()).isPositive();
    assertThat(r.effectiveGBps()).isPositive();
  }

  @Test
  void should_add_one_barrier_a_layer_to_the_reads_when_scaling_to_a_model() {
    // 32 layers of 16 MiB in 50 ms, of which 32 x 100 us are barriers
    TokenRead.Result r = new TokenRead.Result(2, 32, 16 * MIB, 20, 0.050, 100e-6);

    assertThat(r.effectiveGBps()).isCloseTo(32 * 16 * MIB / 0.050 / 1e9, within(1e-9));
    assertThat(r.streamingGBps()).isCloseTo(32 * 16 * MIB / (0.050 - 0.0032) / 1e9, within(1e-9));
    // a 4 GB model of 32 layers: 4e9 / streaming + 32 x 100 us
    assertThat(r.secondsPerToken(4_000_000_000L, 32))
        .isCloseTo(4e9 / (r.streamingGBps() * 1e9) + 0.0032, within(1e-12));
  }

  @Test
  void should_hold_every_thread_until_all_arrive_when_spinning_at_the_barrier() throws Exception {
    SpinBarrier barrier = new SpinBarrier(3);
    AtomicInteger arrived = new AtomicInteger();
    List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int round = 1; round <= 50; round++) {
                  arrived.incrementAndGet();
                  barrier.await();
                  seen.add(arrived.get() - 3 * round); // >= 0: all three arrived this round
                  barrier.await();
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join(10_000);
    }

    assertThat(seen).hasSize(150).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(0));
  }

  @Test
  void should_reload_the_measurement_when_the_machine_is_the_same(@TempDir Path dir) {
    MeasurementStore store = new MeasurementStore(dir.resolve("machine.json"));
    Measurement m =
        new Measurement(
            Instant.parse("2026-11-30T10:00:00Z"),
            "cpu X",
            new MemoryBandwidth.Result(12.5, 2, 256 * MIB, 1.0),
            new TokenRead.Result(2, 32, 16 * MIB, 20, 0.05, 2e-6),
            java.util.Optional.of(new DotProducts.Result(2, 3.1)));

    store.save(m);

    assertThat(store.load("cpu X")).contains(m);
    assertThat(store.load("cpu Y")).isEmpty();
  }

  @Test
  void should_ignore_the_cache_when_the_file_is_not_a_measurement(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("machine.json");
    Files.writeString(file, "{\"measuredAt\": \"yesterday\"}");

    assertThat(new MeasurementStore(file).load("cpu X")).isEmpty();
  }

  @Test
  void should_measure_once_and_reuse_the_cache_until_asked_again(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("data/machine.json");
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    MachineMeasurements measurements =
        new MachineMeasurements(new MeasurementStore(file), QUICK, clock);
    MachineReport here = machine("cpu X");

    Measurement first = measurements.cachedOrMeasure(here);
    Measurement again = measurements.cachedOrMeasure(here);
    Measurement other =
        new MachineMeasurements(
                new MeasurementStore(file), QUICK, Clock.offset(clock, Duration.ofHours(1)))
            .measure(here);

    assertThat(again).isEqualTo(first);
    assertThat(Files.readString(file))
        .contains("\"measuredAt\" : \"2026-11-30T11:00:00Z\"", "tokenRead");
    assertThat(other.measuredAt()).isAfter(first.measuredAt());
    assertThat(measurements.cached(machine("another cpu"))).isEmpty();
    assertThat(first.speedModelGBps()).isEqualTo(first.tokenRead().effectiveGBps());
  }
}
