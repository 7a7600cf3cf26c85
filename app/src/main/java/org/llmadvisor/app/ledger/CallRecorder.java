package org.llmadvisor.app.ledger;

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
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.app.ledger.CallJournal.Position;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * Writes every call: its row, its deployment's monthly aggregates and its effect on the budget land
 * in one transaction, together or not at all.
 *
 * <p>With the embedded database a call is answered once its record is in the {@link CallJournal}; a
 * background task moves journaled records into the database many per transaction, together with the
 * journal position they reach, so each record lands exactly once, also after a crash (the journal
 * is replayed from that position at start). Readers call {@link #flush()} first, so they see every
 * answered call.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class CallRecorder {

  private static final Logger LOG = Logger.getLogger(CallRecorder.class);
  private static final long SEGMENT_BYTES = 16L << 20;
  private static final int APPLY_BATCH = 4096;

  private final LedgerDatabase db;
  private final AdvisorConfig.LedgerSettings settings;
  private final Path journalDir;
  private final CallAggregates aggregates = new CallAggregates();
  private CallJournal journal;
  private BudgetLeases leases;
  private ScheduledExecutorService applier;

  @Inject
  public CallRecorder(LedgerDatabase db, AdvisorConfig config) {
    this.db = db;
    this.settings = config.ledger();
    this.journalDir = Path.of(config.dataDir(), "journal");
  }

  /**
   * Counts calls stored before the aggregates existed (once), then, in embedded mode, replays what
   * the journal holds beyond the database and opens a segment.
   */
  @PostConstruct
  void start() {
    try (Connection c = db.connection()) {
      long counted = CallAggregates.buildOnce(c);
      if (counted > 0) {
        LOG.infof("ledger: aggregates built from %d stored calls", counted);
      }
    } catch (SQLException e) {
      // a ledger that is down refuses calls on its own; the next start builds them
      LOG.warnf("ledger: aggregates not built: %s", e.getMessage());
    }
    if (!db.embedded() || !settings.journal()) {
      return;
    }
    leases = new BudgetLeases(settings.reservationLease().toNanos(), System::nanoTime);
    try {
      recover();
      try (Connection c = db.connection()) {
        Budget.clearReservations(c);
      }
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
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT segment, byte_offset FROM ledger_journal WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? new Position(rs.getLong(1), rs.getLong(2)) : new Position(0, 0);
    }
  }

  private void savePosition(Position at) throws SQLException {
    try (Connection c = db.connection()) {
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

  /** The budget's reservations in memory, or null when they are in the database. */
  BudgetLeases leases() {
    return leases;
  }

  /**
   * Starts the leases' count of a month from the database. Under the writer's lock, so that no call
   * is journaled between the read and the start: each is counted once, by the read or by the
   * leases.
   */
  void loadSpend(java.time.YearMonth month) {
    writeLock.lock();
    try {
      if (!leases.holds(month)) {
        flush();
        try (Connection c = db.connection()) {
          leases.load(month, Budget.stored(c, month).spentUsd());
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read the budget: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
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
              leases.settle(entries);
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

  boolean hasUnapplied() {
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
   * One transaction: every row of the batch, the aggregates of each deployment and month it
   * touches, each month's spend settled once and, when the rows come from the journal, the journal
   * position they reach.
   */
  private void write(List<Entry> batch, Position journalEnd) throws SQLException {
    try (Connection c = db.connection()) {
      write(c, aggregates, batch, journalEnd, !journaling());
    }
  }

  /** Journal mode: the database learns of calls in batches and reservations live in memory. */
  private boolean journaling() {
    return db.embedded() && settings.journal();
  }

  static void write(Connection c, CallAggregates aggregates, List<Entry> batch, Position journalEnd)
      throws SQLException {
    write(c, aggregates, batch, journalEnd, true);
  }

  static void write(
      Connection c,
      CallAggregates aggregates,
      List<Entry> batch,
      Position journalEnd,
      boolean reservationsInDatabase)
      throws SQLException {
    var tallies = CallAggregates.tally(batch);
    Budget.ensureMonths(c, batch);
    aggregates.ensure(c, tallies);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      CallRows.insert(c, batch);
      CallAggregates.addTo(c, tallies);
      Budget.settle(c, batch, reservationsInDatabase);
      if (journalEnd != null) {
        updatePosition(c, journalEnd);
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
