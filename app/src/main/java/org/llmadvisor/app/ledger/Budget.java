package org.llmadvisor.app.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.llmadvisor.app.ledger.CallJournal.Entry;

/**
 * The month's spend: settled cost plus the worst case of calls in flight. With PostgreSQL it is
 * enforced in the database (a conditional UPDATE), so replicas sharing it share one budget. With
 * the embedded journal one process owns the ledger: reservations are leases in memory ({@link
 * BudgetLeases}) and only the spend is durable, in the journal's group commit.
 */
@ApplicationScoped
public class Budget {

  /** The month's settled spend and the reservations of calls in flight. */
  public record MonthSpend(YearMonth month, BigDecimal spentUsd, BigDecimal reservedUsd) {}

  private final LedgerDatabase db;
  private final CallRecorder recorder;

  @Inject
  public Budget(LedgerDatabase db, CallRecorder recorder) {
    this.db = db;
    this.recorder = recorder;
  }

  /** The calendar month (UTC) a call started in: the budget's period. */
  public static YearMonth month(Instant t) {
    return YearMonth.from(t.atOffset(ZoneOffset.UTC));
  }

  /**
   * Reserves {@code amount} against {@code limit} for the month; false when it would exceed it.
   * Atomic under concurrency: the check and the increment are one UPDATE.
   */
  public boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
    BudgetLeases leases = recorder.leases();
    if (leases != null) {
      if (!leases.holds(month)) {
        recorder.loadSpend(month);
      }
      return leases.reserve(month, amount, limit);
    }
    if (tryReserve(month, amount, limit)) {
      return true;
    }
    if (!recorder.hasUnapplied()) {
      return false;
    }
    // journaled calls not yet settled still count at their worst case: settle them, ask again
    recorder.flush();
    return tryReserve(month, amount, limit);
  }

  private boolean tryReserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
    try (Connection c = db.connection()) {
      ensureMonth(c, month);
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE budget_month SET reserved_usd = reserved_usd + ? WHERE period = ? AND"
                  + " spent_usd + reserved_usd + ? <= ?")) {
        p.setBigDecimal(1, amount);
        p.setString(2, month.toString());
        p.setBigDecimal(3, amount);
        p.setBigDecimal(4, limit);
        return p.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot reserve budget: " + e.getMessage(), e);
    }
  }

  /** Gives back a reservation whose call never happened. */
  public void release(YearMonth month, BigDecimal amount) {
    if (amount.signum() == 0) {
      return;
    }
    BudgetLeases leases = recorder.leases();
    if (leases != null) {
      leases.release(month, amount);
      return;
    }
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "UPDATE budget_month SET reserved_usd = reserved_usd - ? WHERE period = ?")) {
      p.setBigDecimal(1, amount);
      p.setString(2, month.toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new LedgerException("cannot release budget", e);
    }
  }

  public MonthSpend spend(YearMonth month) {
    recorder.flush();
    try (Connection c = db.connection()) {
      MonthSpend stored = stored(c, month);
      BudgetLeases leases = recorder.leases();
      return leases == null
          ? stored
          : new MonthSpend(month, stored.spentUsd(), leases.reserved(month));
    } catch (SQLException e) {
      throw new LedgerException("cannot read the budget", e);
    }
  }

  /** The month's row as the database holds it; zeros when it has none. */
  static MonthSpend stored(Connection c, YearMonth month) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT spent_usd, reserved_usd FROM budget_month WHERE period = ?")) {
      p.setString(1, month.toString());
      try (ResultSet rs = p.executeQuery()) {
        return rs.next()
            ? new MonthSpend(month, rs.getBigDecimal(1), rs.getBigDecimal(2))
            : new MonthSpend(month, BigDecimal.ZERO, BigDecimal.ZERO);
      }
    }
  }

  /** Reservations held in memory end with the process that held them. */
  static void clearReservations(Connection c) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("UPDATE budget_month SET reserved_usd = 0 WHERE reserved_usd <> 0")) {
      p.executeUpdate();
    }
  }

  /** Before a batch's transaction: the months it settles exist (autocommit, see ensureMonth). */
  static void ensureMonths(Connection c, java.util.Collection<Entry> batch) throws SQLException {
    for (YearMonth m : settlements(batch).keySet()) {
      ensureMonth(c, m);
    }
  }

  /**
   * Inside the batch's transaction: each month's reservations become its calls' real cost, one
   * UPDATE per month. Reservations held in memory are not in the database: then only the spend
   * moves.
   */
  static void settle(
      Connection c, java.util.Collection<Entry> batch, boolean reservationsInDatabase)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE budget_month SET reserved_usd = reserved_usd - ?, spent_usd = spent_usd + ?"
                + " WHERE period = ?")) {
      for (var e : settlements(batch).entrySet()) {
        p.setBigDecimal(1, reservationsInDatabase ? e.getValue()[0] : BigDecimal.ZERO);
        p.setBigDecimal(2, e.getValue()[1]);
        p.setString(3, e.getKey().toString());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Per month: {reserved, cost} of the batch's calls. */
  private static Map<YearMonth, BigDecimal[]> settlements(java.util.Collection<Entry> batch) {
    Map<YearMonth, BigDecimal[]> months = new TreeMap<>();
    for (Entry e : batch) {
      BigDecimal[] m =
          months.computeIfAbsent(
              month(e.record().startedAt()),
              k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      m[0] = m[0].add(e.reservation());
      m[1] = m[1].add(e.record().costUsd());
    }
    return months;
  }

  /**
   * Creates the month's row if missing. Portable across H2 and PostgreSQL; a concurrent creator
   * wins with a unique violation (SQLState 23505), which is fine. Runs in autocommit so a lost race
   * never aborts a surrounding transaction.
   */
  private static void ensureMonth(Connection c, YearMonth month) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO budget_month (period, spent_usd, reserved_usd) SELECT ?, 0, 0"
                + " WHERE NOT EXISTS (SELECT 1 FROM budget_month WHERE period = ?)")) {
      p.setString(1, month.toString());
      p.setString(2, month.toString());
      p.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
