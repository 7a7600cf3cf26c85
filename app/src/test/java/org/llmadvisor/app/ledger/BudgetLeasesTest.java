package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.providers.metering.CallRecord;

class BudgetLeasesTest {

  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final BigDecimal LIMIT = new BigDecimal("1.00");
  private static final long LEASE = 60_000_000_000L;

  private final AtomicLong now = new AtomicLong(5);
  private final BudgetLeases leases = new BudgetLeases(LEASE, now::get);

  private static Entry call(String cost, String reservation) {
    return new Entry(
        "req",
        new CallRecord(
            "cloud",
            "openai",
            "gpt-4o-mini",
            Instant.parse("2026-11-28T10:15:30Z"),
            false,
            10,
            5,
            true,
            null,
            20,
            new BigDecimal(cost),
            false,
            "success",
            null),
        new BigDecimal(reservation));
  }

  @Test
  void should_refuse_a_reservation_when_spent_plus_reserved_would_pass_the_limit() {
    leases.load(NOVEMBER, new BigDecimal("0.50"));

    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.30"), LIMIT)).isTrue();
    // 0.50 spent + 0.30 reserved + 0.30 = 1.10 > 1.00
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.30"), LIMIT)).isFalse();
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.20"), LIMIT)).isTrue();
    assertThat(leases.reserved(NOVEMBER)).isEqualByComparingTo("0.50");
  }

  @Test
  void should_turn_a_reservation_into_its_real_cost_when_the_call_is_journaled() {
    leases.load(NOVEMBER, new BigDecimal("0.50"));
    leases.reserve(NOVEMBER, new BigDecimal("0.30"), LIMIT);

    leases.settle(List.of(call("0.10", "0.30")));

    assertThat(leases.reserved(NOVEMBER)).isEqualByComparingTo("0");
    // 0.60 spent: 0.40 left, so 0.40 fits and one cent more does not
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.41"), LIMIT)).isFalse();
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.40"), LIMIT)).isTrue();
  }

  @Test
  void should_give_back_a_released_reservation() {
    leases.load(NOVEMBER, BigDecimal.ZERO);
    leases.reserve(NOVEMBER, new BigDecimal("0.70"), LIMIT);

    leases.release(NOVEMBER, new BigDecimal("0.70"));

    assertThat(leases.reserved(NOVEMBER)).isEqualByComparingTo("0");
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("1.00"), LIMIT)).isTrue();
  }

  @Test
  void should_stop_counting_a_reservation_nobody_settles_when_its_lease_ends() {
    leases.load(NOVEMBER, BigDecimal.ZERO);
    leases.reserve(NOVEMBER, new BigDecimal("0.70"), LIMIT);
    now.addAndGet(LEASE - 1);
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.70"), LIMIT)).isFalse();

    now.addAndGet(1);

    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.70"), LIMIT)).isTrue();
    assertThat(leases.reserved(NOVEMBER)).isEqualByComparingTo("0.70");
  }

  @Test
  void should_count_a_journaled_cost_once_when_its_month_is_loaded_afterwards() {
    leases.settle(List.of(call("0.10", "0")));

    leases.load(NOVEMBER, new BigDecimal("0.10"));

    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.90"), LIMIT)).isTrue();
    assertThat(leases.reserve(NOVEMBER, new BigDecimal("0.01"), LIMIT)).isFalse();
  }
}
