package org.llmadvisor.app.ledger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * The durable record of every call and the month's spend. Writes are single transactions, so a
 * call's row and its effect on the budget land together or not at all. The budget is enforced in
 * the database (a conditional UPDATE), so replicas sharing one PostgreSQL share one budget.
 */
@ApplicationScoped
public class Ledger {

  private final AgroalDataSource ds;
  private final String kind;

  @Inject
  public Ledger(
      AgroalDataSource defaultDataSource,
      @DataSource("pg") InjectableInstance<AgroalDataSource> postgres,
      @ConfigProperty(name = "quarkus.datasource.pg.active", defaultValue = "false")
          boolean usePostgres) {
    this.ds = usePostgres ? postgres.get() : defaultDataSource;
    this.kind = usePostgres ? "postgresql" : "h2";
  }

  /** {@code h2} (embedded) or {@code postgresql}. */
  public String kind() {
    return kind;
  }

  /** The month's settled spend and the reservations of calls in flight. */
  public record MonthSpend(YearMonth month, BigDecimal spentUsd, BigDecimal reservedUsd) {}

  /** A stored call with the request it served. */
  public record Row(String requestId, CallRecord record) {}

  public static YearMonth month(Instant t) {
    return YearMonth.from(t.atOffset(ZoneOffset.UTC));
  }

  /**
   * Reserves {@code amount} against {@code limit} for the month; false when it would exceed it.
   * Atomic under concurrency: the check and the increment are one UPDATE.
   */
  public boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
    try (Connection c = ds.getConnection()) {
      ensureMonth(c, month);
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE budget_month SET reserved_usd = reserved_usd + ? WHERE period = ? AND spent_usd + reserved_usd + ? <= ?")) {
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
    try (Connection c = ds.getConnection();
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

  /** A call waiting for the writer, answered once its batch is committed. */
  private record Pending(
      String requestId, CallRecord record, BigDecimal reservation, CompletableFuture<Void> done) {}

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock writeLock = new ReentrantLock();

  /**
   * Stores a call and settles its reservation to its real cost. Returns only when the row is
   * committed, so nothing answered can be lost. Concurrent calls share one commit (group commit,
   * leader and followers): whoever holds the write lock commits everything queued so far, the
   * others find their row done when they get the lock, and no thread hand-off is added when calls
   * do not overlap.
   */
  public void record(String requestId, CallRecord r, BigDecimal reservation) {
    Pending p = new Pending(requestId, r, reservation, new CompletableFuture<>());
    queue.add(p);
    while (!p.done().isDone()) {
      writeLock.lock();
      try {
        if (!p.done().isDone()) {
          List<Pending> batch = new ArrayList<>();
          queue.drainTo(batch, 512);
          try {
            write(batch);
            batch.forEach(x -> x.done().complete(null));
          } catch (SQLException | RuntimeException e) {
            LedgerException failure =
                new LedgerException("cannot record the call: " + e.getMessage(), e);
            batch.forEach(x -> x.done().completeExceptionally(failure));
          }
        }
      } finally {
        writeLock.unlock();
      }
    }
    try {
      p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while recording the call", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LedgerException l
          ? l
          : new LedgerException(
              "cannot record the call: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** One transaction: every row of the batch, and each month's spend settled once. */
  private void write(List<Pending> batch) throws SQLException {
    try (Connection c = ds.getConnection()) {
      java.util.Map<YearMonth, BigDecimal[]> months = new java.util.TreeMap<>();
      for (Pending p : batch) {
        BigDecimal[] m =
            months.computeIfAbsent(
                month(p.record().startedAt()),
                k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        m[0] = m[0].add(p.reservation());
        m[1] = m[1].add(p.record().costUsd());
      }
      for (YearMonth m : months.keySet()) {
        ensureMonth(c, m);
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO call_record (request_id, deployment_id, provider, model, started_at, streaming, prompt_tokens,"
                    + " completion_tokens, tokens_counted, ttft_ms, latency_ms, cost_usd, zero_marginal_cost, outcome, error_class)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (Pending pending : batch) {
            CallRecord r = pending.record();
            p.setString(1, pending.requestId());
            p.setString(2, r.deploymentId());
            p.setString(3, r.provider());
            p.setString(4, r.model());
            p.setTimestamp(5, Timestamp.from(r.startedAt()));
            p.setBoolean(6, r.streaming());
            p.setLong(7, r.promptTokens());
            p.setLong(8, r.completionTokens());
            p.setBoolean(9, r.tokensCounted());
            if (r.timeToFirstTokenMs() == null) {
              p.setNull(10, Types.BIGINT);
            } else {
              p.setLong(10, r.timeToFirstTokenMs());
            }
            p.setLong(11, r.latencyMs());
            p.setBigDecimal(12, r.costUsd());
            p.setBoolean(13, r.zeroMarginalCost());
            p.setString(14, r.outcome());
            p.setString(15, r.errorClass());
            p.addBatch();
          }
          p.executeBatch();
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "UPDATE budget_month SET reserved_usd = reserved_usd - ?, spent_usd = spent_usd + ? WHERE period = ?")) {
          for (var e : months.entrySet()) {
            p.setBigDecimal(1, e.getValue()[0]);
            p.setBigDecimal(2, e.getValue()[1]);
            p.setString(3, e.getKey().toString());
            p.addBatch();
          }
          p.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  public MonthSpend spend(YearMonth month) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT spent_usd, reserved_usd FROM budget_month WHERE period = ?")) {
      p.setString(1, month.toString());
      try (ResultSet rs = p.executeQuery()) {
        return rs.next()
            ? new MonthSpend(month, rs.getBigDecimal(1), rs.getBigDecimal(2))
            : new MonthSpend(month, BigDecimal.ZERO, BigDecimal.ZERO);
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read the budget", e);
    }
  }

  /** Calls that started in the month, oldest first. */
  public List<Row> records(YearMonth month) {
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Row> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT request_id, deployment_id, provider, model, started_at, streaming, prompt_tokens, completion_tokens,"
                    + " tokens_counted, ttft_ms, latency_ms, cost_usd, zero_marginal_cost, outcome, error_class"
                    + " FROM call_record WHERE started_at >= ? AND started_at < ? ORDER BY id")) {
      p.setTimestamp(1, Timestamp.from(from));
      p.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long ttft = rs.getLong(10);
          Long ttftOrNull = rs.wasNull() ? null : ttft;
          out.add(
              new Row(
                  rs.getString(1),
                  new CallRecord(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getTimestamp(5).toInstant(),
                      rs.getBoolean(6),
                      rs.getLong(7),
                      rs.getLong(8),
                      rs.getBoolean(9),
                      ttftOrNull,
                      rs.getLong(11),
                      rs.getBigDecimal(12),
                      rs.getBoolean(13),
                      rs.getString(14),
                      rs.getString(15))));
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read calls", e);
    }
    return out;
  }

  public long count() {
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM call_record");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new LedgerException("cannot count calls", e);
    }
  }

  /** Stores the plan (one row). */
  public void savePlan(String json, Instant at) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement d = c.prepareStatement("DELETE FROM plan WHERE id = 1");
          PreparedStatement i =
              c.prepareStatement("INSERT INTO plan (id, body, applied_at) VALUES (1, ?, ?)")) {
        d.executeUpdate();
        i.setString(1, json);
        i.setTimestamp(2, Timestamp.from(at));
        i.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot store the plan", e);
    }
  }

  public java.util.Optional<String> loadPlan() {
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT body FROM plan WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
    } catch (SQLException e) {
      throw new LedgerException("cannot load the plan", e);
    }
  }

  /** True when the database answers. */
  public boolean reachable() {
    try (Connection c = ds.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
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
