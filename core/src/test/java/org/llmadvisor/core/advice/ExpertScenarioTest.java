package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.core.units.Wording.f;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/**
 * The questions a deployment engineer is asked most, each answered as a readable ranking kept in
 * {@code src/test/resources/advice-scenarios/}: rank, deployment, parallel slots, servers, monthly
 * cost, p95, quality and verdict of the leading candidates. A change that moves a recommendation
 * shows here as a line a reviewer can read; a deliberate one re-writes the files with {@code
 * -Dadvice.snapshots.record=true} and says in its commit what moved.
 */
class ExpertScenarioTest {

  private static final String DIR = "advice-scenarios";
  private static final Advisor ADVISOR = Advisor.bundled();

  /** Ranks shown: enough to see what the best beat, few enough to read. */
  private static final int SHOWN = 12;

  static Map<String, AdviceRequest> scenarios() {
    Map<String, AdviceRequest> m = new LinkedHashMap<>();
    // 200 people, about 20 questions each in office hours; nothing may leave the building
    m.put(
        "chat-assistant-200-people-on-premises",
        new AdviceRequest(
            new Workload(
                4_000, 8, 3, TokenDistribution.of(400, 1_500), TokenDistribution.of(300, 800)),
            10_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.of(60.0),
            true,
            List.of(),
            false));
    // a startup with a small bill and a high bar, happy to rent or to call an API
    m.put(
        "startup-on-the-cloud",
        new AdviceRequest(
            new Workload(
                20_000, 12, 2, TokenDistribution.of(500, 1_500), TokenDistribution.of(200, 600)),
            8_000,
            LatencyTarget.END_TO_END,
            Optional.of(200.0),
            Optional.of(80.0),
            false,
            List.of(),
            true));
    // the volume end: batching decides the bill
    m.put(
        "two-million-requests-a-day",
        new AdviceRequest(
            new Workload(
                2_000_000, 24, 2, TokenDistribution.fixed(300), TokenDistribution.fixed(150)),
            5_000,
            LatencyTarget.END_TO_END,
            Optional.of(20_000.0),
            Optional.of(65.0),
            false,
            List.of(),
            true));
    // a 70B model's quality, on hardware the team buys and keeps in house
    m.put(
        "llama-3-70b-on-premises",
        new AdviceRequest(
            new Workload(
                2_000, 8, 2, TokenDistribution.of(500, 1_500), TokenDistribution.of(200, 500)),
            30_000,
            LatencyTarget.END_TO_END,
            Optional.empty(),
            Optional.of(75.0),
            true,
            List.of(),
            false));
    return m;
  }

  static List<String> names() {
    return List.copyOf(scenarios().keySet());
  }

  /** The answer as a reviewer reads it: the best, then the leading ranks one a line. */
  static String render(String name, Advice a) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(name).append('\n');
    a.summary().forEach(s -> sb.append("# ").append(s).append('\n'));
    sb.append("best: ").append(a.best() == null ? "none meets every constraint" : a.best());
    sb.append('\n');
    a.relax().forEach(r -> sb.append("relax: ").append(r.message()).append('\n'));
    sb.append(
        f(
            "%-4s %-62s %5s %-8s %11s %9s %7s  %s%n",
            "rank", "deployment", "slots", "servers", "$/month", "p95 ms", "quality", "verdict"));
    List<Recommendation> rs = a.recommendations();
    for (int i = 0; i < Math.min(SHOWN, rs.size()); i++) {
      Recommendation r = rs.get(i);
      sb.append(
          f(
              "%-4d %-62s %5s %-8s %11s %9s %7s  %s%n",
              i + 1,
              r.id().format(),
              r.local().map(l -> Integer.toString(l.parallelSlots())).orElse("-"),
              r.local().map(l -> l.shape().toString()).orElse("-"),
              f("%,.0f", r.predicted().monthlyCost().toDouble()),
              r.predicted().p95LatencyMs() == null ? "-" : f("%,.0f", r.predicted().p95LatencyMs()),
              r.quality().map(q -> f("%.1f", q)).orElse("-"),
              r.meetsAll()
                  ? "meets all"
                  : "misses "
                      + r.unmet().stream()
                          .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                          .sorted()
                          .collect(Collectors.joining(", "))));
    }
    sb.append(f("(%d candidates in all)%n", rs.size()));
    return sb.toString();
  }

  @ParameterizedTest
  @MethodSource("names")
  void should_give_the_recorded_ranking_when_an_expert_scenario_is_advised(String name)
      throws IOException {
    String actual = render(name, ADVISOR.advise(scenarios().get(name)));
    String file = name + ".txt";
    if (Boolean.getBoolean("advice.snapshots.record")) {
      Path dir = Path.of("src", "test", "resources", DIR);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(file), actual);
      return;
    }
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/" + DIR + "/" + file)) {
      assertThat(in).as("recorded ranking " + file).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!actual.equals(expected)) {
      Path out = Path.of("target", DIR);
      Files.createDirectories(out);
      Files.writeString(out.resolve(file), actual);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
