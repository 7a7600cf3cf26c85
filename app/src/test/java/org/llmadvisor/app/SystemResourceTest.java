package org.llmadvisor.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.api.SystemResource;
import org.llmadvisor.core.hardware.Hardware;

/**
 * {@code /api/system} on the machine the tests run on (CI: Linux, no GPU): the shape of the answer,
 * RAM as the kernel counts it, a measured bandwidth with its method, and notes that say what was
 * not found.
 */
@QuarkusTest
@TestProfile(TestMachine.Detected.class)
class SystemResourceTest {

  @Inject SystemResource system;

  @Test
  void should_describe_this_machine_with_a_measured_bandwidth_when_asked() throws Exception {
    JsonPath s = given().get("/api/system").then().statusCode(200).extract().jsonPath();

    assertThat(s.getInt("cpu.threads")).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.getInt("cpu.cores")).isBetween(1, s.getInt("cpu.threads"));
    assertThat(s.getString("cpu.model")).isNotBlank();
    assertThat(s.getList("cpu.instructionSets", String.class)).isNotNull();
    assertThat(s.getLong("memory.totalBytes")).isGreaterThan(s.getLong("memory.availableBytes"));
    assertThat(s.getDouble("memory.bandwidthGBps")).isPositive();
    assertThat(s.getString("memory.bandwidthMethod")).isEqualTo("token-read");
    assertThat(s.getString("memory.measuredAt")).isNotBlank();
    assertThat(s.getDouble("measurement.readBandwidthGBps")).isPositive();
    assertThat(s.getDouble("measurement.tokenReadGBps"))
        .isEqualTo(s.getDouble("memory.bandwidthGBps"));
    assertThat(s.getBoolean("ollama.reachable")).isFalse();
    assertThat(s.getList("notes", String.class))
        .anySatisfy(n -> assertThat(n).contains("Ollama not reachable"));
    assertThat(Path.of(s.getString("measurement.file"))).exists();
    // the cores' dot products, which give the clock of a CPU that reports none
    assertThat(s.getDouble("measurement.dotProductGopsPerThread")).isPositive();

    Path meminfo = Path.of("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      long kb =
          Files.readAllLines(meminfo).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
              .findFirst()
              .orElseThrow();
      assertThat((double) s.getLong("memory.totalBytes"))
          .isCloseTo(kb * 1024.0, org.assertj.core.data.Percentage.withPercentage(1));
    }
    List<Object> gpus = s.getList("gpus");
    if (gpus.isEmpty()) {
      assertThat(s.getList("notes", String.class))
          .anySatisfy(n -> assertThat(n).contains("no GPU found", "nvidia-smi"));
      assertThat(s.get("unifiedMemory") == null).isTrue();
    }
  }

  @Test
  void should_measure_again_and_keep_the_cache_when_asked_to_measure() {
    String before =
        given().get("/api/system").then().statusCode(200).extract().path("memory.measuredAt");
    String again =
        given().get("/api/system").then().statusCode(200).extract().path("memory.measuredAt");

    JsonPath measured =
        given().post("/api/system/measure").then().statusCode(200).extract().jsonPath();
    String after =
        given().get("/api/system").then().statusCode(200).extract().path("memory.measuredAt");

    assertThat(again).isEqualTo(before);
    assertThat(measured.getString("memory.measuredAt")).isGreaterThan(before).isEqualTo(after);
    assertThat(measured.getDouble("memory.bandwidthGBps")).isPositive();
  }

  @Test
  void should_size_this_machine_with_the_measured_bandwidth_when_hardware_is_local() {
    JsonPath s = given().get("/api/system").then().statusCode(200).extract().jsonPath();

    Hardware local = system.localHardware();

    assertThat(local.id()).isEqualTo("local");
    assertThat(local.memory().bytes()).isPositive();
    if (s.getList("gpus").isEmpty()) {
      assertThat(local.kind()).isEqualTo(Hardware.Kind.CPU);
      // the row reads between barriers and pays the measured barrier per layer separately, so its
      // bandwidth is at least the token-read figure, which includes the barriers
      // (JsonPath reads JSON numbers as floats)
      assertThat(local.memoryBandwidthGBps())
          .isGreaterThanOrEqualTo(s.getDouble("memory.bandwidthGBps") * 0.9999);
      assertThat(local.cpu()).isPresent();
      assertThat(local.cpu().get().bandwidthMeasured()).isTrue();
    }
  }

  @Test
  void should_estimate_on_this_machine_at_its_measured_bandwidth_when_hardware_is_local() {
    JsonPath s = given().get("/api/system").then().statusCode(200).extract().jsonPath();

    JsonPath e =
        given()
            .contentType("application/json")
            .body(
                "{\"model\": \"llama-2-7b\", \"quantization\": \"Q4_K_M\", \"hardware\": \"local\"}")
            .post("/api/estimate")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    System.out.printf(
        "this machine: %s, %d cores, %d bytes RAM, token-read %.2f GB/s, plain %.2f GB/s;"
            + " Llama 2 7B Q4_K_M: %.2f tokens/s generated, %s tokens/s prompt, fits %s%n",
        s.getString("cpu.model"),
        s.getInt("cpu.cores"),
        s.getLong("memory.totalBytes"),
        s.getDouble("memory.bandwidthGBps"),
        s.getDouble("measurement.readBandwidthGBps"),
        e.getDouble("speed.generationTokensPerSecond"),
        e.getString("speed.promptTokensPerSecond"),
        e.getBoolean("memory.fits"));
    assertThat(e.getString("hardware.id")).isEqualTo("local");
    assertThat(e.getInt("hardware.threads")).isEqualTo(s.getInt("cpu.cores"));
    assertThat(e.getString("hardware.measured.bandwidthMethod")).isEqualTo("token-read");
    assertThat(e.getString("hardware.measured.measuredAt"))
        .isEqualTo(s.getString("memory.measuredAt"));
    assertThat(e.getDouble("speed.generationTokensPerSecond")).isPositive();
    assertThat(e.getList("basis", String.class).get(1))
        .contains("token-read bandwidth measured " + s.getString("memory.measuredAt"));
    if (s.getList("gpus").isEmpty()) {
      assertThat(e.getString("hardware.kind")).isEqualTo("cpu");
      // the row's bandwidth is the read rate between the per-layer barriers of the token read
      double layers = s.getDouble("measurement.layers");
      double seconds =
          s.getDouble("measurement.millisPerToken") / 1e3
              - layers * s.getDouble("measurement.syncMicrosPerLayer") / 1e6;
      // (when the barriers took the whole token, the row falls back to the token-read figure)
      double streaming =
          seconds > 0
              ? layers * s.getDouble("measurement.bytesPerLayer") / seconds / 1e9
              : s.getDouble("memory.bandwidthGBps");
      assertThat(e.getDouble("hardware.memoryBandwidthGBps"))
          .isCloseTo(streaming, org.assertj.core.data.Percentage.withPercentage(1));
    }
  }
}
