package org.llmadvisor.app.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.app.ledger.CallTally.Key;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * The {@code call_month} and {@code call_histogram} tables: per deployment and month, the sums and
 * percentile histograms of its calls. A batch of calls adds its own tally to them in the
 * transaction that inserts the calls, so the aggregates always describe exactly the stored calls.
 */
final class CallAggregates {

  private static final String[] METRICS = {CallTally.TTFT, CallTally.LATENCY, CallTally.SPEED};

  /** Rows known to exist, so a warm ledger issues no insert-if-missing per batch. */
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  /** The batch's calls summed per deployment and month. */
  static Map<Key, CallTally> tally(List<Entry> batch) {
    Map<Key, CallTally> out = new LinkedHashMap<>();
    for (Entry e : batch) {
      add(out, e.record());
    }
    return out;
  }

  static void add(Map<Key, CallTally> tallies, CallRecord r) {
    Key key = new Key(Budget.month(r.startedAt()), r.deploymentId());
    tallies.computeIfAbsent(key, CallTally::new).add(r);
  }

  /**
   * Creates the rows the batch will add to, with zero counts. Runs in autocommit before the batch's
   * transaction: a concurrent creator (another replica) wins with a unique violation, which is
   * fine, and a lost race never aborts the transaction. Rows left at zero by a failed batch change
   * nothing.
   */
  void ensure(Connection c, Map<Key, CallTally> tallies) throws SQLException {
    for (CallTally t : tallies.values()) {
      Key k = t.key();
      String monthKey = k.month() + "|" + k.deploymentId();
      if (!ensured.contains(monthKey)) {
        ignoreDuplicate(
            c,
            "INSERT INTO call_month (period, deployment_id, provider, first_started_at, requests,"
                + " errors, prompt_tokens, completion_tokens, cost_usd) SELECT ?, ?, ?, ?, 0, 0, 0,"
                + " 0, 0 WHERE NOT EXISTS (SELECT 1 FROM call_month WHERE period = ? AND"
                + " deployment_id = ?)",
            p -> {
              p.setString(1, k.month().toString());
              p.setString(2, k.deploymentId());
              p.setString(3, t.provider());
              p.setTimestamp(4, Timestamp.from(t.firstStartedAt()));
              p.setString(5, k.month().toString());
              p.setString(6, k.deploymentId());
            });
        ensured.add(monthKey);
      }
      for (String metric : METRICS) {
        for (int bucket : t.histogram(metric).buckets().keySet()) {
          String bucketKey = monthKey + "|" + metric + "|" + bucket;
          if (ensured.contains(bucketKey)) {
            continue;
          }
          ignoreDuplicate(
              c,
              "INSERT INTO call_histogram (period, deployment_id, metric, bucket, calls)"
                  + " SELECT ?, ?, ?, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM call_histogram"
                  + " WHERE period = ? AND deployment_id = ? AND metric = ? AND bucket = ?)",
              p -> {
                for (int off : new int[] {0, 4}) {
                  p.setString(off + 1, k.month().toString());
                  p.setString(off + 2, k.deploymentId());
                  p.setString(off + 3, metric);
                  p.setInt(off + 4, bucket);
                }
              });
          ensured.add(bucketKey);
        }
      }
    }
  }

  /** Adds the tallies to their (existing) rows, inside the caller's transaction. */
  static void addTo(Connection c, Map<Key, CallTally> tallies) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE call_month SET requests = requests + ?, errors = errors + ?, prompt_tokens ="
                + " prompt_tokens + ?, completion_tokens = completion_tokens + ?, cost_usd ="
                + " cost_usd + ?, first_started_at = LEAST(first_started_at, ?) WHERE period = ?"
                + " AND deployment_id = ?")) {
      for (CallTally t : tallies.values()) {
        p.setLong(1, t.requests());
        p.setLong(2, t.errors());
        p.setLong(3, t.promptTokens());
        p.setLong(4, t.completionTokens());
        p.setBigDecimal(5, t.costUsd());
        p.setTimestamp(6, Timestamp.from(t.firstStartedAt()));
        p.setString(7, t.key().month().toString());
        p.setString(8, t.key().deploymentId());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE call_histogram SET calls = calls + ? WHERE period = ? AND deployment_id = ?"
                + " AND metric = ? AND bucket = ?")) {
      for (CallTally t : tallies.values()) {
        for (String metric : METRICS) {
          for (var b : t.histogram(metric).buckets().entrySet()) {
            p.setLong(1, b.getValue());
            p.setString(2, t.key().month().toString());
            p.setString(3, t.key().deploymentId());
            p.setString(4, metric);
            p.setInt(5, b.getKey());
            p.addBatch();
          }
        }
      }
      p.executeBatch();
    }
  }

  /** The month's tallies, oldest deployment first; the work grows with buckets, not calls. */
  static List<CallTally> read(Connection c, YearMonth month) throws SQLException {
    Map<String, CallTally> byId = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT deployment_id, provider, first_started_at, requests, errors, prompt_tokens,"
                + " completion_tokens, cost_usd FROM call_month WHERE period = ? AND requests > 0"
                + " ORDER BY first_started_at, deployment_id")) {
      p.setString(1, month.toString());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          CallTally t = new CallTally(new Key(month, rs.getString(1)));
          t.restore(
              rs.getString(2),
              rs.getTimestamp(3).toInstant(),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7),
              rs.getBigDecimal(8));
          byId.put(t.key().deploymentId(), t);
        }
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT deployment_id, metric, bucket, calls FROM call_histogram WHERE period = ? AND"
                + " calls > 0")) {
      p.setString(1, month.toString());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          CallTally t = byId.get(rs.getString(1));
          if (t != null) {
            t.histogram(rs.getString(2)).addCount(rs.getInt(3), rs.getLong(4));
          }
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * Counts the calls stored before the aggregates existed, once: the first process to flip {@code
   * ledger_state} rebuilds every aggregate from {@code call_record} in the same transaction (a
   * replica starting at the same moment waits on that row, then finds it done). Returns the number
   * of calls counted, or -1 when nothing was to be done.
   */
  static long buildOnce(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE ledger_state SET aggregates_built = TRUE WHERE id = 1 AND aggregates_built ="
                  + " FALSE")) {
        if (p.executeUpdate() == 0) {
          c.rollback();
          return -1;
        }
      }
      try (PreparedStatement d1 = c.prepareStatement("DELETE FROM call_histogram");
          PreparedStatement d2 = c.prepareStatement("DELETE FROM call_month")) {
        d1.executeUpdate();
        d2.executeUpdate();
      }
      Map<Key, CallTally> all = new LinkedHashMap<>();
      long n = 0;
      try (PreparedStatement p =
          c.prepareStatement("SELECT " + CallRows.COLUMNS + " FROM call_record ORDER BY id")) {
        p.setFetchSize(10_000);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            add(all, CallRows.read(rs).record());
            n++;
          }
        }
      }
      insertAll(c, all);
      c.commit();
      return n;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static void insertAll(Connection c, Map<Key, CallTally> all) throws SQLException {
    try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO call_month (period, deployment_id, provider, first_started_at,"
                    + " requests, errors, prompt_tokens, completion_tokens, cost_usd) VALUES (?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement h =
            c.prepareStatement(
                "INSERT INTO call_histogram (period, deployment_id, metric, bucket, calls) VALUES"
                    + " (?, ?, ?, ?, ?)")) {
      for (CallTally t : all.values()) {
        p.setString(1, t.key().month().toString());
        p.setString(2, t.key().deploymentId());
        p.setString(3, t.provider());
        p.setTimestamp(4, Timestamp.from(t.firstStartedAt()));
        p.setLong(5, t.requests());
        p.setLong(6, t.errors());
        p.setLong(7, t.promptTokens());
        p.setLong(8, t.completionTokens());
        p.setBigDecimal(9, t.costUsd());
        p.addBatch();
        for (String metric : METRICS) {
          for (var b : t.histogram(metric).buckets().entrySet()) {
            h.setString(1, t.key().month().toString());
            h.setString(2, t.key().deploymentId());
            h.setString(3, metric);
            h.setInt(4, b.getKey());
            h.setLong(5, b.getValue());
            h.addBatch();
          }
        }
      }
      p.executeBatch();
      h.executeBatch();
    }
  }

  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private static void ignoreDuplicate(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      p.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
