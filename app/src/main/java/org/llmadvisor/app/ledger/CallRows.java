package org.llmadvisor.app.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.providers.metering.CallRecord;

/** The one mapping between a call and its {@code call_record} row, both ways. */
final class CallRows {

  /** The columns in the order {@link #bind} writes and {@link #read} reads them. */
  static final String COLUMNS =
      "request_id, deployment_id, provider, model, started_at, streaming, prompt_tokens,"
          + " completion_tokens, tokens_counted, ttft_ms, latency_ms, cost_usd, zero_marginal_cost,"
          + " outcome, error_class";

  private static final String INSERT =
      "INSERT INTO call_record ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private CallRows() {}

  /** A stored call with the request it served. */
  record Row(String requestId, CallRecord record) {}

  /** Inserts the calls as one JDBC batch, inside the caller's transaction. */
  static void insert(Connection c, List<Entry> batch) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(INSERT)) {
      for (Entry e : batch) {
        bind(p, e.requestId(), e.record());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  static void bind(PreparedStatement p, String requestId, CallRecord r) throws SQLException {
    p.setString(1, requestId);
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
  }

  /** The row under the cursor of a {@code SELECT COLUMNS ...}. */
  static Row read(ResultSet rs) throws SQLException {
    long ttft = rs.getLong(10);
    Long ttftOrNull = rs.wasNull() ? null : ttft;
    return new Row(
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
            rs.getString(15)));
  }
}
