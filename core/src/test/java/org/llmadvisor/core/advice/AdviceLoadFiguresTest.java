package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.workload.Workload;

/**
 * The figures the answer carries for clients (how busy a server is, its mean batch, the context it
 * is sized for, the monthly volume) are the very numbers its reasons put in words, so a client
 * reads them rather than parsing the words.
 */
class AdviceLoadFiguresTest {

  private static final Advisor ADVISOR = Advisor.bundled();
  private static final Pattern BUSY = Pattern.compile("(\\d+)(?:-(\\d+))?% busy");
  private static final Pattern BATCH = Pattern.compile("([0-9.]+) sequences per batch on average");
  private static final Pattern CONTEXT = Pattern.compile("KV cache for ([0-9,]+) tokens");

  private static String first(Pattern p, List<String> reasons, int group) {
    for (String r : reasons) {
      Matcher m = p.matcher(r);
      if (m.find()) {
        return m.group(group) != null ? m.group(group) : m.group(1);
      }
    }
    return null;
  }

  private static void checkLocalFiguresAgainstReasons(Advice a) {
    List<Recommendation> local =
        a.recommendations().stream().filter(r -> r.kind() == Recommendation.Kind.LOCAL).toList();
    assertThat(local).isNotEmpty();
    int busyChecked = 0;
    for (Recommendation r : local) {
      Predicted p = r.predicted();
      // the last "% busy" of the reasons describes the shape recommended
      String busy = null;
      String batch = null;
      for (String reason : r.reasons()) {
        Matcher m = BUSY.matcher(reason);
        if (m.find()) {
          busy = m.group(2) != null ? m.group(2) : m.group(1);
          Matcher b = BATCH.matcher(reason);
          batch = b.find() ? b.group(1) : null;
        }
      }
      if (busy != null) {
        busyChecked++;
        assertThat(Math.round(p.serverUtilization() * 100))
            .as(r.id().format())
            .isEqualTo(Long.parseLong(busy));
        assertThat(String.format(Locale.ROOT, "%.1f", p.meanBatch()))
            .as(r.id().format())
            .isEqualTo(batch);
      }
      assertThat(r.json().contextTokens())
          .as(r.id().format())
          .isEqualTo(Long.parseLong(first(CONTEXT, r.reasons(), 1).replace(",", "")));
    }
    assertThat(busyChecked).isPositive();
    a.recommendations().stream()
        .filter(r -> r.kind() == Recommendation.Kind.CLOUD)
        .forEach(
            r -> {
              assertThat(r.predicted().serverUtilization()).isNull();
              assertThat(r.predicted().meanBatch()).isNull();
              assertThat(r.json().contextTokens()).isNull();
            });
  }

  @Test
  void should_carry_the_busy_share_batch_and_context_its_reasons_state_when_one_server_serves() {
    checkLocalFiguresAgainstReasons(ADVISOR.advise(AdviceSnapshotTest.requests().get("light")));
  }

  @Test
  void should_carry_the_busiest_servers_share_its_reasons_state_when_a_fleet_serves() {
    Advice a = ADVISOR.advise(AdviceSnapshotTest.requests().get("fleet-high-volume"));
    assertThat(a.recommendations())
        .anySatisfy(r -> assertThat(r.id().shape().replicas()).isGreaterThan(1));
    checkLocalFiguresAgainstReasons(a);
  }

  @Test
  void should_give_the_monthly_volume_and_peak_rate_when_answering() {
    AdviceRequest r = AdviceSnapshotTest.requests().get("light");
    Workload w = r.workload();

    Advice.WorkloadFigures f = ADVISOR.advise(r).workload();

    // 1,000 a day over 365.25 / 12 days; 1,000 over 10 hours is 1/36 a second, twice at the peak
    assertThat(f.requestsPerMonth()).isEqualTo(30_437.5);
    assertThat(f.peakRequestsPerSecond())
        .isCloseTo(2.0 / 36, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(f.contextTokensNeeded()).isEqualTo(w.contextNeeded()).isEqualTo(2_000);
  }
}
