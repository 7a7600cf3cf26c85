package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.machine.CpuInfo;
import org.llmadvisor.machine.MachineReport;
import org.llmadvisor.machine.Measurement;
import org.llmadvisor.machine.MemoryBandwidth;
import org.llmadvisor.machine.MemoryInfo;
import org.llmadvisor.machine.TokenRead;

/** {@code "hardware": "local"}, {@code threads} and {@code thisMachine} on a fixed machine. */
class ThisMachineTest {

  private static final long MIB = 1024L * 1024;
  private static final Catalogs CATALOGS = Catalogs.load(Optional.empty());

  /** 4 cores, 16 GiB, no GPU; the token read: 32 layers of 16 MiB in 50 ms, 10.74 GB/s. */
  static final ThisMachine MACHINE =
      ThisMachine.fixed(
          new MachineReport(
              "Linux",
              new CpuInfo("Test CPU", 4, 8, Optional.empty(), "amd64", List.of("AVX2", "FMA")),
              new MemoryInfo(ByteSize.ofGiB(16), ByteSize.ofGiB(12)),
              List.of(),
              Optional.empty(),
              List.of("no GPU found")),
          new Measurement(
              Instant.parse("2026-11-30T10:00:00Z"),
              "Test CPU",
              new MemoryBandwidth.Result(12.0, 8, 64 * MIB, 1.0),
              new TokenRead.Result(4, 32, 16 * MIB, 20, 0.05, 5e-6)));

  private static <T> T read(String json, Class<T> type) throws IOException {
    return new RequestJson().apply(new ObjectMapper(), type).readValue(json);
  }

  private static EstimateResponse estimate(String extra) throws IOException {
    return new EstimateService(CATALOGS, MACHINE)
        .estimate(
            read(
                "{\"model\": \"llama-2-7b\", \"quantization\": \"Q4_K_M\", \"hardware\": \"local\""
                    + extra
                    + "}",
                EstimateRequest.class));
  }

  @Test
  void should_size_this_machine_at_its_measured_bandwidth_when_hardware_is_local()
      throws IOException {
    EstimateResponse r = estimate("");

    assertThat(r.hardware().id()).isEqualTo("local");
    assertThat(r.hardware().kind()).isEqualTo("cpu");
    // the memory available (12 GiB of the 16 installed): what a model gets without paging
    assertThat(r.hardware().memoryBytes()).isEqualTo(ByteSize.ofGiB(12).bytes());
    // the rate between the per-layer barriers: 32 x 16 MiB in 50 ms less 32 barriers of 5 µs
    assertThat(r.hardware().memoryBandwidthGBps())
        .isCloseTo(32 * 16.0 * MIB / (0.05 - 32 * 5e-6) / 1e9, within(0.01));
    assertThat(r.hardware().threads()).isEqualTo(4);
    assertThat(r.hardware().tdpWatts()).isEqualTo(125.0);
    assertThat(r.hardware().measured().bandwidthMethod()).isEqualTo("token-read");
    assertThat(r.hardware().measured().measuredAt()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(r.hardware().measured().readBandwidthGBps()).isEqualTo(12.0);
    assertThat(r.speed().generationTokensPerSecond()).isPositive();
    assertThat(r.basis().get(0)).contains("this machine as detected", "Test CPU", "4 cores");
    assertThat(r.basis().get(1))
        .contains("token-read bandwidth measured 2026-11-30T10:00:00Z", "10.7 GB/s");
    assertThat(r.basis().get(2)).contains("Threads: 4, the physical cores");
  }

  @Test
  void should_take_the_threads_given_and_refuse_a_count_out_of_range() throws IOException {
    assertThat(estimate(", \"threads\": 2").hardware().threads()).isEqualTo(2);
    assertThat(estimate(", \"threads\": 2").basis()).contains("Threads: 2, as given.");

    for (String bad : List.of("0", "1025")) {
      assertThatThrownBy(() -> estimate(", \"threads\": " + bad))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("threads");
                assertThat(e.getMessage())
                    .isEqualTo("threads must be between 1 and 1024, was " + bad);
              });
    }
  }

  @Test
  void should_refuse_local_saying_why_when_this_machine_is_not_seen() throws IOException {
    EstimateRequest r =
        read("{\"model\": \"llama-2-7b\", \"hardware\": \"LOCAL\"}", EstimateRequest.class);

    assertThatThrownBy(() -> new EstimateService(CATALOGS).estimate(r))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.field()).isEqualTo("hardware");
              assertThat(e.getMessage())
                  .isEqualTo("hardware 'local' names this machine, which is not detected here");
            });
  }

  @Test
  void should_refuse_a_catalog_row_named_local(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("catalog.json");
    Files.writeString(
        file,
        """
        {"hardware": [{"id": "local", "name": "My box", "kind": "cpu", "memoryGiB": 64,
          "memoryBandwidthGBps": 50, "source": "mine", "retrieved": "2026-11-30"}]}
        """);

    assertThatThrownBy(() -> Catalogs.load(Optional.of(file)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("hardware row 'local'")
        .hasMessageContaining("names this machine as detected and measured");
  }

  private static Advice advise(String thisMachine, String hardware) throws IOException {
    String body =
        "{\"workload\": {\"requestsPerDay\": 200, \"inputTokens\": 300, \"outputTokens\": 200},"
            + " \"latencyTargetMs\": 60000"
            + (thisMachine == null ? "" : ", \"thisMachine\": \"" + thisMachine + "\"")
            + (hardware == null ? "" : ", \"hardware\": " + hardware)
            + "}";
    return Advising.advise(CATALOGS, MACHINE, read(body, AdviceRequestBody.class));
  }

  @Test
  void should_add_this_machine_to_the_catalog_devices_when_nothing_is_said() throws IOException {
    Advice a = advise(null, null);

    List<Recommendation> here =
        a.recommendations().stream().filter(Advising::onThisMachine).toList();
    assertThat(here).isNotEmpty();
    assertThat(here.get(0).id().format()).endsWith("@local");
    assertThat(here.get(0).reasons().get(0))
        .startsWith("Runs on this machine as detected: Test CPU, 4 cores / 8 threads, 16.0 GiB");
    assertThat(here.get(0).reasons()).anyMatch(s -> s.startsWith("Owned: no purchase cost"));
    assertThat(a.recommendations()).anyMatch(x -> x.id().format().startsWith("openai/"));
    assertThat(a.recommendations()).anyMatch(x -> x.id().format().contains(":buy"));
  }

  @Test
  void should_answer_for_this_machine_alone_when_asked_only() throws IOException {
    Advice a = advise("only", null);

    assertThat(a.recommendations()).isNotEmpty().allMatch(Advising::onThisMachine);
  }

  @Test
  void should_leave_this_machine_out_when_asked_to_exclude_it() throws IOException {
    assertThat(advise("exclude", "[\"rtx-4090\"]").recommendations())
        .noneMatch(Advising::onThisMachine);
    assertThat(advise(null, "[\"rtx-4090\"]").recommendations()).anyMatch(Advising::onThisMachine);
    assertThat(advise(null, "[\"local\"]").recommendations())
        .filteredOn(x -> x.local().isPresent())
        .allMatch(Advising::onThisMachine);
  }

  @Test
  void should_refuse_contradictions_between_thisMachine_and_hardware() {
    assertThatThrownBy(() -> advise("exclude", "[\"rtx-4090\", \"local\"]"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "hardware[1] 'local' is this machine, which thisMachine: exclude leaves out"));
    assertThatThrownBy(() -> advise("only", "[\"rtx-4090\"]"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("thisMachine"));
    assertThatThrownBy(() -> advise("some", null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("thisMachine must be include|exclude|only, was 'some'"));
    assertThatThrownBy(() -> advise(null, "[{\"id\": \"local\", \"acquisition\": \"buy\"}]"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("hardware[0].acquisition"));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
