package org.llmadvisor.app.routing;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Supplier;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.metering.TokenCounter;

/**
 * The budget around one attempt: before a cloud call its worst case is reserved against the month's
 * limit, and after it the call's record settles the reservation, or, when nothing was recorded, the
 * reservation is released.
 */
final class BudgetHold {

  private final Spend ledger;
  private final Supplier<Optional<RoutingPolicy>> activePlan;
  private final Clock clock;

  /**
   * @param activePlan its monthly budget is the limit
   * @param clock decides the budget's month
   */
  BudgetHold(Spend ledger, Supplier<Optional<RoutingPolicy>> activePlan, Clock clock) {
    this.ledger = ledger;
    this.activePlan = activePlan;
    this.clock = clock;
  }

  /**
   * The month and its limit, read once per client call so that every attempt of it counts against
   * the same.
   *
   * @param usd null when the plan sets no budget
   */
  record Limit(BigDecimal usd, YearMonth month) {}

  /** What one attempt holds: {@code amount} is zero when nothing was reserved. */
  record Reservation(BigDecimal amount, YearMonth month) {}

  Limit limit() {
    Double usd = activePlan.get().map(RoutingPolicy::monthlyBudgetUsd).orElse(null);
    return new Limit(usd == null ? null : BigDecimal.valueOf(usd), Budget.month(clock.instant()));
  }

  /** The worst case a call can cost: its prompt and its maximum output at the catalog price. */
  static BigDecimal worstCase(CatalogEntry e, ChatRequest r, int maxOutput) {
    if (e.zeroMarginalCost()) {
      return BigDecimal.ZERO;
    }
    long prompt = TokenCounter.estimate(r.messages());
    // local counts are estimates: allow for a denser tokenization than four characters a token
    long promptBound = prompt * 2 + 16;
    return e.price().costOf(promptBound, maxOutput);
  }

  /** The attempt's reservation, or empty when the budget refuses it. */
  Optional<Reservation> reserve(
      MeteredDeployment d, ChatRequest bounded, int maxOutput, Limit limit) {
    BigDecimal amount = worstCase(d.catalogEntry(), bounded, maxOutput);
    if (limit.usd() == null || amount.signum() == 0) {
      // without a budget the ledger still settles spend, so reserve nothing and record the cost
      return Optional.of(new Reservation(BigDecimal.ZERO, limit.month()));
    }
    return ledger.reserve(limit.month(), amount, limit.usd())
        ? Optional.of(new Reservation(amount, limit.month()))
        : Optional.empty();
  }

  /** Records a call that answered and settles its reservation against its real cost. */
  void record(String requestId, CallRecord r, Reservation held) {
    ledger.record(requestId, r, held.amount());
  }

  /** Settles a failed attempt: by its record if the meter made one, else by a release. */
  void settle(String requestId, CallRecord r, Reservation held) {
    if (r != null) {
      ledger.record(requestId, r, held.amount());
    } else if (held.amount().signum() > 0) {
      ledger.release(held.month(), held.amount());
    }
  }
}
