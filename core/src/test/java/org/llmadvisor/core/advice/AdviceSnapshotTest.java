package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/**
 * The whole answer, byte for byte: every candidate in rank order with its predictions, costs,
 * verdicts and reasons, for workloads that exercise single servers, fleets of bought and rented
 * servers, multi-GPU servers, the first-token target, budgets, quality floors and data locality.
 * Speed work on the advisor must leave these untouched; a deliberate change to an answer records
 * the new digests with {@code -Dadvice.snapshots.record=true} and says why in its commit.
 *
 * <p>The digests are SHA-256 of the advice's JSON. On a mismatch the JSON is written under {@code
 * target/advice-snapshots/} so the change can be read.
 */
class AdviceSnapshotTest {

  private static final String DIGESTS = "advice-snapshots.properties";
  private static final Advisor ADVISOR = Advisor.bundled();
  private static final HardwareCatalog HARDWARE = HardwareCatalog.bundled();
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static Workload workload(
      double perDay,
      double hours,
      double peak,
      double in,
      double in95,
      double out,
      double out95,
      int parallel) {
    return new Workload(
        perDay,
        hours,
        peak,
        TokenDistribution.of(in, in95),
        TokenDistribution.of(out, out95),
        parallel);
  }

  private static AdviceRequest request(
      Workload w,
      double targetMs,
      LatencyTarget target,
      Double budget,
      Double floor,
      boolean local,
      List<HardwareOption> hardware,
      boolean rent) {
    return new AdviceRequest(
        w,
        targetMs,
        target,
        Optional.ofNullable(budget),
        Optional.ofNullable(floor),
        local,
        hardware,
        rent);
  }

  private static HardwareOption owned(String id) {
    return new HardwareOption(
        HARDWARE.find(id).orElseThrow(), Acquisition.OWNED, Optional.empty(), Optional.empty());
  }

  static Map<String, AdviceRequest> requests() {
    var e2e = LatencyTarget.END_TO_END;
    var first = LatencyTarget.FIRST_TOKEN;
    Map<String, AdviceRequest> m = new LinkedHashMap<>();
    m.put(
        "light",
        request(
            workload(1000, 10, 2, 500, 1500, 200, 500, 4),
            10_000,
            e2e,
            500.0,
            null,
            false,
            List.of(),
            true));
    m.put(
        "heavy",
        request(
            workload(2_000_000, 10, 2, 500, 1500, 200, 500, 32),
            10_000,
            e2e,
            500.0,
            null,
            false,
            List.of(),
            true));
    m.put(
        "fleet-high-volume",
        request(
            workload(2_000_000, 24, 2, 300, 300, 150, 150, 1),
            5_000,
            e2e,
            20_000.0,
            65.0,
            false,
            List.of(),
            true));
    m.put(
        "fleet-70b-on-premises",
        request(
            workload(2_000, 8, 2, 500, 1500, 200, 500, 1),
            30_000,
            e2e,
            null,
            75.0,
            true,
            List.of(),
            true));
    m.put(
        "office-hours",
        request(
            workload(20_000, 8, 3, 800, 2000, 300, 700, 4),
            8_000,
            e2e,
            2_000.0,
            60.0,
            false,
            List.of(),
            true));
    m.put(
        "first-token",
        request(
            workload(100_000, 12, 2, 400, 1200, 250, 600, 8),
            1_500,
            first,
            null,
            null,
            false,
            List.of(),
            true));
    m.put(
        "first-token-tight",
        request(
            workload(500_000, 24, 3, 2000, 6000, 100, 300, 4),
            400,
            first,
            5_000.0,
            55.0,
            false,
            List.of(),
            true));
    m.put(
        "no-rentals",
        request(
            workload(300_000, 24, 2, 500, 1500, 200, 500, 8),
            10_000,
            e2e,
            3_000.0,
            null,
            false,
            List.of(),
            false));
    m.put(
        "no-rentals-local-only",
        request(
            workload(50_000, 10, 2, 600, 1600, 300, 800, 4),
            15_000,
            e2e,
            null,
            60.0,
            true,
            List.of(),
            false));
    m.put(
        "tiny-budget",
        request(
            workload(5_000, 10, 2, 500, 1500, 200, 500, 4),
            10_000,
            e2e,
            5.0,
            null,
            false,
            List.of(),
            true));
    m.put(
        "quality-floor-high",
        request(
            workload(10_000, 10, 2, 500, 1500, 200, 500, 4),
            20_000,
            e2e,
            null,
            80.0,
            false,
            List.of(),
            true));
    m.put(
        "long-context",
        request(
            workload(2_000, 10, 2, 12_000, 30_000, 500, 1500, 2),
            60_000,
            e2e,
            null,
            null,
            false,
            List.of(),
            true));
    m.put(
        "bursty",
        request(
            workload(200_000, 4, 10, 300, 900, 100, 300, 16),
            3_000,
            e2e,
            10_000.0,
            null,
            false,
            List.of(),
            true));
    m.put(
        "many-slots",
        request(
            workload(1_000_000, 24, 1.5, 200, 600, 400, 1200, 64),
            20_000,
            e2e,
            null,
            50.0,
            false,
            List.of(),
            true));
    m.put(
        "fixed-lengths",
        request(
            workload(800_000, 16, 2, 256, 256, 64, 64, 8),
            2_000,
            e2e,
            15_000.0,
            null,
            false,
            List.of(),
            true));
    m.put(
        "owned-devices",
        request(
            workload(20_000, 10, 2, 500, 1500, 200, 500, 4),
            10_000,
            e2e,
            null,
            null,
            true,
            List.of(owned("rtx-4090"), owned("rtx-3060-12gb")),
            true));
    m.put(
        "owned-cpu-heavy",
        request(
            workload(300_000, 24, 2, 500, 1500, 200, 500, 8),
            10_000,
            e2e,
            1_000.0,
            null,
            true,
            List.of(owned("rtx-4090")),
            true));
    return m;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void should_give_the_same_answer_byte_for_byte_when_the_catalog_and_models_are_unchanged()
      throws IOException {
    Properties expected = new Properties();
    try (InputStream in = AdviceSnapshotTest.class.getResourceAsStream("/" + DIGESTS)) {
      if (in != null) {
        expected.load(in);
      }
    }
    Map<String, String> actual = new LinkedHashMap<>();
    Path out = Path.of("target", "advice-snapshots");
    Files.createDirectories(out);
    for (var e : requests().entrySet()) {
      String json = JSON.writeValueAsString(ADVISOR.advise(e.getValue()));
      String digest = sha256(json);
      actual.put(e.getKey(), digest);
      if (!digest.equals(expected.getProperty(e.getKey()))) {
        Files.writeString(out.resolve(e.getKey() + ".json"), json);
      }
    }
    if (Boolean.getBoolean("advice.snapshots.record")) {
      StringBuilder sb =
          new StringBuilder("# SHA-256 of the advice JSON per request, see AdviceSnapshotTest\n");
      actual.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      Files.writeString(Path.of("src", "test", "resources", DIGESTS), sb.toString());
      return;
    }
    Map<String, String> want = new LinkedHashMap<>();
    actual.keySet().forEach(k -> want.put(k, expected.getProperty(k)));
    assertThat(actual).isEqualTo(want);
  }
}
