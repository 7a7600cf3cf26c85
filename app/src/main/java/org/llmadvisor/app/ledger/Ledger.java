package org.llmadvisor.app.ledger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.app.ledger.CallJournal.Position;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * The durable record of every call and the month's spend. A call's row and its effect on the budget
 * land in one transaction, together or not at all. The budget is enforced in the database (a
 * conditional UPDATE), so replicas sharing one PostgreSQL share one budget.
 *
 * <p>With the embedded database a call is answered once its record is in the {@link CallJournal}; a
 * background task moves journaled records into the database many per transaction, together with the
 * journal position they reach, so each record lands exactly once, also after a crash (the journal
 * is replayed from that position at start). Reads move everything journaled first, so they see
 * every answered call.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class Ledger {

  private static final Logger LOG = Logger.getLogger(Ledger.class);
  private static final long SEGMENT_BYTES = 16L << 20;
  private static final int APPLY_BATCH = 4096;

  private final AgroalDataSource ds;
  private final String kind;
  private final AdvisorConfig.LedgerSettings settings;
  private final Path journalDir;
  private CallJournal journal;
  private ScheduledExecutorService applier;

  @Inject
  public Ledger(
      AgroalDataSource defaultDataSource,
      @DataSource("pg") InjectableInstance<AgroalDataSource> postgres,
      @ConfigProperty(name = "quarkus.datasource.pg.active", defaultValue = "false")
          boolean usePostgres,
      AdvisorConfig config) {
    this.ds = usePostgres ? postgres.get() : defaultDataSource;
    this.kind = usePostgres ? "postgresql" : "h2";
    this.settings = config.ledger();
    this.journalDir = Path.of(config.dataDir(), "journal");
  }

  /** Embedded mode: replays what the journal holds beyond the database, then opens a segment. */
  @PostConstruct
  void start() {
    if (!"h2".equals(kind) || !settings.journal()) {
      return;
    }
    try {
      recover();
    } catch (IOException | SQLException e) {
      throw new LedgerException("cannot recover the ledger journal: " + e.getMessage(), e);
    }
    long every = Math.max(1, settings.applyInterval().toMillis());
    applier =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ledger-apply");
              t.setDaemon(true);
              return t;
            });
    applier.scheduleWithFixedDelay(this::applyQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Moves everything journaled into the database before the process ends. On the shutdown event,
   * not at bean destruction: by then the connection pool is closed.
   */
  void stop(@Observes ShutdownEvent event) {
    if (journal == null) {
      return;
    }
    // not shutdownNow: an interrupt inside an H2 file write closes the database
    applier.shutdown();
    try {
      applier.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeLock.lock();
    try {
      flush();
      journal.close();
    } catch (IOException | RuntimeException e) {
      LOG.warnf("ledger journal left for replay at next start: %s", e.getMessage());
    } finally {
      writeLock.unlock();
    }
  }

  private void recover() throws IOException, SQLException {
    Position applied = appliedPosition();
    List<CallJournal.Recovered> found = CallJournal.readFrom(journalDir, applied);
    List<Long> segments = CallJournal.segments(journalDir);
    long next =
        Math.max(applied.segment(), segments.isEmpty() ? 0 : segments.get(segments.size() - 1)) + 1;
    List<Entry> entries = found.stream().map(CallJournal.Recovered::entry).toList();
    // the replayed rows and the new position in one transaction: a crash here replays again
    for (int i = 0; i < entries.size(); i += APPLY_BATCH) {
      List<Entry> chunk = entries.subList(i, Math.min(entries.size(), i + APPLY_BATCH));
      write(
          chunk,
          i + APPLY_BATCH >= entries.size()
              ? new Position(next, 0)
              : found.get(i + chunk.size() - 1).end());
    }
    if (entries.isEmpty()) {
      savePosition(new Position(next, 0));
    }
    CallJournal.deleteBefore(journalDir, next);
    journal = new CallJournal(journalDir, next, SEGMENT_BYTES, settings.fsync());
    if (!entries.isEmpty()) {
      LOG.infof("ledger: %d journaled calls replayed into the database", entries.size());
    }
  }

  private Position appliedPosition() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("SELECT segment, byte_offset FROM ledger_journal WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? new Position(rs.getLong(1), rs.getLong(2)) : new Position(0, 0);
    }
  }

  private void savePosition(Position at) throws SQLException {
    try (Connection c = ds.getConnection()) {
      updatePosition(c, at);
    }
  }

  private static void updatePosition(Connection c, Position at) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("UPDATE ledger_journal SET segment = ?, byte_offset = ? WHERE id = 1")) {
      p.setLong(1, at.segment());
      p.setLong(2, at.offset());
      p.executeUpdate();
    }
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
    if (tryReserve(month, amount, limit)) {
      return true;
    }
    if (!hasUnapplied()) {
      return false;
    }
    // journaled calls not yet settled still count at their worst case: settle them, ask again
    flush();
    return tryReserve(month, amount, limit);
  }

  private boolean tryReserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
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
  private record Pending(Entry entry, CompletableFuture<Void> done) {}

  /** Calls in the journal and not yet in the database, with the position after the last. */
  private record Journaled(long seq, List<Entry> entries, Position end) {}

  private long journaledSeq; // guarded by unapplied
  private volatile long appliedSeq;

  private final ArrayDeque<Journaled> unapplied = new ArrayDeque<>();
  private final ReentrantLock applyLock = new ReentrantLock();

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock writeLock = new ReentrantLock();

  /**
   * Stores a call and settles its reservation to its real cost. Returns only when the row is
   * committed (or journaled), so nothing answered can be lost. Concurrent calls share one commit
   * (group commit, leader and followers): whoever holds the write lock commits everything queued so
   * far, the others find their row done when they get the lock, and no thread hand-off is added
   * when calls do not overlap.
   */
  public void record(String requestId, CallRecord r, BigDecimal reservation) {
    Pending p = new Pending(new Entry(requestId, r, reservation), new CompletableFuture<>());
    queue.add(p);
    while (!p.done().isDone()) {
      writeLock.lock();
      try {
        if (!p.done().isDone()) {
          List<Pending> batch = new ArrayList<>();
          queue.drainTo(batch, 512);
          try {
            List<Entry> entries = batch.stream().map(Pending::entry).toList();
            if (journal != null) {
              Position end = journal.append(entries);
              synchronized (unapplied) {
                unapplied.addLast(new Journaled(++journaledSeq, entries, end));
              }
            } else {
              write(entries, null);
            }
            batch.forEach(x -> x.done().complete(null));
          } catch (IOException | SQLException | RuntimeException e) {
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

  private boolean hasUnapplied() {
    synchronized (unapplied) {
      return !unapplied.isEmpty();
    }
  }

  /** Moves every journaled call into the database now. No-op when writes are direct. */
  public void flush() {
    long target;
    synchronized (unapplied) {
      target = journaledSeq;
    }
    // up to what was journaled when asked: under load a reader does not chase new calls
    while (appliedSeq < target) {
      try {
        applyOnce();
      } catch (SQLException e) {
        throw new LedgerException(
            "cannot move journaled calls into the database: " + e.getMessage(), e);
      }
    }
  }

  private void applyQuietly() {
    try {
      while (hasUnapplied()) {
        applyOnce();
      }
    } catch (SQLException | RuntimeException e) {
      // kept in the journal and in memory; the next round or a restart moves them
      LOG.warnf("ledger: journaled calls not yet in the database: %s", e.getMessage());
    }
  }

  /** One transaction: the oldest journaled groups, up to about APPLY_BATCH calls. */
  private void applyOnce() throws SQLException {
    applyLock.lock();
    try {
      List<Journaled> take = new ArrayList<>();
      int n = 0;
      synchronized (unapplied) {
        for (Journaled j : unapplied) {
          if (n > 0 && n + j.entries().size() > APPLY_BATCH) {
            break;
          }
          take.add(j);
          n += j.entries().size();
        }
      }
      if (take.isEmpty()) {
        return;
      }
      List<Entry> rows = new ArrayList<>(n);
      take.forEach(j -> rows.addAll(j.entries()));
      Position end = take.get(take.size() - 1).end();
      write(rows, end);
      appliedSeq = take.get(take.size() - 1).seq();
      synchronized (unapplied) {
        for (int i = 0; i < take.size(); i++) {
          unapplied.removeFirst();
        }
      }
      if (end.segment() > 0) {
        try {
          CallJournal.deleteBefore(journalDir, end.segment());
        } catch (IOException e) {
          LOG.warnf("ledger: cannot delete applied journal segments: %s", e.getMessage());
        }
      }
    } finally {
      applyLock.unlock();
    }
  }

  /**
   * One transaction: every row of the batch, each month's spend settled once and, when the rows
   * come from the journal, the journal position they reach.
   */
  private void write(List<Entry> batch, Position journalEnd) throws SQLException {
    try (Connection c = ds.getConnection()) {
      java.util.Map<YearMonth, BigDecimal[]> months = new java.util.TreeMap<>();
      for (Entry p : batch) {
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
          for (Entry pending : batch) {
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
        if (journalEnd != null) {
          updatePosition(c, journalEnd);
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
    flush();
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
    flush();
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
    flush();
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
