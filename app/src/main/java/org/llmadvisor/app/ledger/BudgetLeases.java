package org.llmadvisor.app.ledger;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.llmadvisor.app.ledger.CallJournal.Entry;

/**
 * The embedded ledger's budget between commits: per month, the spend as journaled and the worst
 * case of each call in flight, held under a lease. Why in memory: a database write per reservation
 * was a quarter of a millisecond on the gateway's hot path, and in embedded mode one process owns
 * the ledger, so nothing else needs to see a reservation. Only spend is durable (the journal); a
 * crash ends every reservation with the process, and a reservation its call never settles (a bug, a
 * lost thread) stops counting when its lease ends.
 *
 * <p>Every lease lasts as long, so they end in the order they were taken.
 */
final class BudgetLeases {

  private record Lease(BigDecimal amount, long endsAtNanos) {}

  private static final class Month {
    BigDecimal spent;
    BigDecimal reserved = BigDecimal.ZERO;
    final ArrayDeque<Lease> leases = new ArrayDeque<>();

    Month(BigDecimal spent) {
      this.spent = spent;
    }
  }

  private final long leaseNanos;
  private final LongSupplier nanoTime;
  private final Map<YearMonth, Month> months = new HashMap<>();

  /**
   * @param leaseNanos longer than any call may last, so that only a reservation nobody settles ends
   * @param nanoTime a monotonic clock
   */
  BudgetLeases(long leaseNanos, LongSupplier nanoTime) {
    this.leaseNanos = leaseNanos;
    this.nanoTime = nanoTime;
  }

  synchronized boolean holds(YearMonth month) {
    return months.containsKey(month);
  }

  /** Starts counting a month from its spend in the database, with nothing journaled beyond it. */
  synchronized void load(YearMonth month, BigDecimal spentInDatabase) {
    months.putIfAbsent(month, new Month(spentInDatabase));
  }

  /**
   * Leases {@code amount} unless spent plus reserved would pass {@code limit}. The month must be
   * loaded.
   */
  synchronized boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
    Month m = months.get(month);
    long now = nanoTime.getAsLong();
    expire(m, now);
    if (m.spent.add(m.reserved).add(amount).compareTo(limit) > 0) {
      return false;
    }
    m.leases.addLast(new Lease(amount, now + leaseNanos));
    m.reserved = m.reserved.add(amount);
    return true;
  }

  /** Ends a lease of {@code amount} in {@code month} (or, across a month's end, in another). */
  synchronized void release(YearMonth month, BigDecimal amount) {
    if (amount.signum() == 0) {
      return;
    }
    Month m = months.get(month);
    if (m != null && remove(m, amount)) {
      return;
    }
    for (Month other : months.values()) {
      if (remove(other, amount)) {
        return;
      }
    }
  }

  /** Journaled calls: their cost joins their month's spend and their lease ends. */
  synchronized void settle(Collection<Entry> journaled) {
    for (Entry e : journaled) {
      YearMonth month = Budget.month(e.record().startedAt());
      Month m = months.get(month);
      // a month not loaded yet reads this call's cost from the database when it is
      if (m != null) {
        m.spent = m.spent.add(e.record().costUsd());
      }
      release(month, e.reservation());
    }
  }

  /** The worst case of the month's calls in flight whose lease has not ended. */
  synchronized BigDecimal reserved(YearMonth month) {
    Month m = months.get(month);
    if (m == null) {
      return BigDecimal.ZERO;
    }
    expire(m, nanoTime.getAsLong());
    return m.reserved;
  }

  private static void expire(Month m, long now) {
    while (!m.leases.isEmpty() && m.leases.peekFirst().endsAtNanos() - now <= 0) {
      m.reserved = m.reserved.subtract(m.leases.removeFirst().amount());
    }
  }

  private static boolean remove(Month m, BigDecimal amount) {
    for (Iterator<Lease> it = m.leases.iterator(); it.hasNext(); ) {
      Lease l = it.next();
      if (l.amount().compareTo(amount) == 0) {
        it.remove();
        m.reserved = m.reserved.subtract(l.amount());
        return true;
      }
    }
    return false;
  }
}
