package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.service.Measurements;

/**
 * The aggregates answer what a scan of every stored call would: each figure is computed here the
 * old way (group the rows, sort, take the nearest rank) and compared with what the ledger reads
 * from its aggregate tables after recording the same calls in batches of uneven size.
 */
class CallAggregatesTest {

  private static final YearMonth OCT = YearMonth.of(2026, 10);
  private static final YearMonth NOV = YearMonth.of(2026, 11);
  private Connection c;

  @BeforeEach
  void schema() throws Exception {
    c =
        DriverManager.getConnection(
            "jdbc:h2:mem:aggregates"
                + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
            "sa",
            "");
    for (String v : List.of("V1__ledger", "V2__ledger_journal", "V3__call_aggregates")) {
      run("/db/migration/" + v + ".sql");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void should_answer_usage_from_aggregates_exactly_as_a_scan_of_the_calls_would() throws Exception {
    List<CallRecord> calls = randomCalls(6000, new Random(42));
    record(calls);

    for (YearMonth month : List.of(OCT, NOV)) {
      List<CallTally> read = CallAggregates.read(c, month);
      Map<String, List<CallRecord>> expected = byDeployment(calls, month);
      assertThat(read).extracting(t -> t.key().deploymentId()).hasSameElementsAs(expected.keySet());
      for (CallTally t : read) {
        assertSameAsScan(t, expected.get(t.key().deploymentId()));
      }
    }
  }

  @Test
  void should_build_the_same_aggregates_from_calls_stored_before_they_existed() throws Exception {
    List<CallRecord> calls = randomCalls(3000, new Random(5));
    record(calls);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE ledger_state SET aggregates_built = FALSE");
      s.executeUpdate("UPDATE call_month SET requests = 0, cost_usd = 0");
      s.executeUpdate("DELETE FROM call_histogram");
    }

    assertThat(CallAggregates.buildOnce(c)).isEqualTo(3000);
    assertThat(CallAggregates.buildOnce(c)).as("only once").isEqualTo(-1);

    for (CallTally t : CallAggregates.read(c, NOV)) {
      assertSameAsScan(t, byDeployment(calls, NOV).get(t.key().deploymentId()));
    }
  }

  private void record(List<CallRecord> calls) throws SQLException {
    CallAggregates aggregates = new CallAggregates();
    Random sizes = new Random(1);
    int i = 0;
    while (i < calls.size()) {
      int n = Math.min(calls.size() - i, 1 + sizes.nextInt(700));
      List<Entry> batch = new ArrayList<>();
      for (CallRecord r : calls.subList(i, i + n)) {
        batch.add(new Entry("req-" + i, r, BigDecimal.ZERO));
      }
      CallRecorder.write(c, aggregates, batch, null);
      i += n;
    }
  }

  private static void assertSameAsScan(CallTally t, List<CallRecord> rows) {
    List<CallRecord> ok = rows.stream().filter(CallRecord::success).toList();
    assertThat(t.requests()).isEqualTo(rows.size());
    assertThat(t.errors()).isEqualTo(rows.size() - ok.size());
    assertThat(t.promptTokens()).isEqualTo(rows.stream().mapToLong(CallRecord::promptTokens).sum());
    assertThat(t.completionTokens())
        .isEqualTo(rows.stream().mapToLong(CallRecord::completionTokens).sum());
    assertThat(t.costUsd())
        .isEqualByComparingTo(
            rows.stream().map(CallRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add));

    Measurements m = t.measurements();
    assertThat(m.requests()).isEqualTo(ok.size());
    long[] latency = ok.stream().mapToLong(CallRecord::latencyMs).sorted().toArray();
    long[] ttft =
        ok.stream()
            .filter(r -> r.timeToFirstTokenMs() != null)
            .mapToLong(CallRecord::timeToFirstTokenMs)
            .sorted()
            .toArray();
    double[] speed =
        ok.stream()
            .filter(
                r ->
                    r.timeToFirstTokenMs() != null
                        && r.completionTokens() > 1
                        && r.latencyMs() > r.timeToFirstTokenMs())
            .mapToDouble(
                r -> (r.completionTokens() - 1) * 1000.0 / (r.latencyMs() - r.timeToFirstTokenMs()))
            .sorted()
            .toArray();
    assertClose(m.p50LatencyMs(), nearestRank(latency, 0.5));
    assertClose(m.p95LatencyMs(), nearestRank(latency, 0.95));
    assertClose(m.p50TimeToFirstTokenMs(), nearestRank(ttft, 0.5));
    assertClose(m.p95TimeToFirstTokenMs(), nearestRank(ttft, 0.95));
    double tps = speed[(int) Math.ceil(0.5 * speed.length) - 1];
    // hundredths of a token per second, then buckets a 128th wide
    assertThat(m.generationTokensPerSecond()).isCloseTo(tps, Percentage.withPercentage(0.5));
  }

  private static void assertClose(Double actual, long exact) {
    if (exact < Histogram.EXACT) {
      assertThat(actual).isEqualTo((double) exact);
    } else {
      assertThat(actual).isCloseTo((double) exact, Percentage.withPercentage(0.4));
    }
  }

  private static long nearestRank(long[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  private static Map<String, List<CallRecord>> byDeployment(
      List<CallRecord> calls, YearMonth month) {
    Map<String, List<CallRecord>> out = new HashMap<>();
    for (CallRecord r : calls) {
      if (Budget.month(r.startedAt()).equals(month)) {
        out.computeIfAbsent(r.deploymentId(), k -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }

  /** Short and long latencies, streamed and blocking, errors, two months, three deployments. */
  private static List<CallRecord> randomCalls(int n, Random random) {
    List<CallRecord> out = new ArrayList<>();
    Instant oct = Instant.parse("2026-10-31T23:00:00Z");
    for (int i = 0; i < n; i++) {
      String id = Arrays.asList("local", "cloud", "premium").get(random.nextInt(3));
      boolean streaming = random.nextBoolean();
      long latency =
          random.nextDouble() < 0.3 ? 20 + random.nextInt(2000) : 2048 + random.nextInt(90_000);
      Long ttft = streaming ? (long) random.nextInt((int) Math.min(latency, 4000)) : null;
      boolean ok = random.nextDouble() > 0.1;
      out.add(
          new CallRecord(
              id,
              id.equals("local") ? "ollama" : "openai",
              "m",
              oct.plusSeconds(random.nextInt(7200)),
              streaming,
              1 + random.nextInt(2000),
              random.nextInt(800),
              false,
              ttft,
              latency,
              new BigDecimal(random.nextInt(100_000)).movePointLeft(9),
              id.equals("local"),
              ok ? "success" : "error",
              ok ? null : "RATE_LIMITED"));
    }
    return out;
  }

  private void run(String resource) throws IOException, SQLException {
    try (Reader r =
        new InputStreamReader(
            CallAggregatesTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8)) {
      org.h2.tools.RunScript.execute(c, r);
    }
  }
}
