package org.llmadvisor.app.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;

/**
 * Reads of the recorded calls. Usage and measured speeds come from the per-deployment monthly
 * aggregates, whose size grows with deployments and histogram buckets, not with traffic; the raw
 * rows stay for audit. Every read first moves journaled calls into the database, so it sees every
 * answered call.
 */
@ApplicationScoped
public class CallStore {

  private final LedgerDatabase db;
  private final CallRecorder recorder;

  @Inject
  public CallStore(LedgerDatabase db, CallRecorder recorder) {
    this.db = db;
    this.recorder = recorder;
  }

  /** Per deployment, the month's totals and percentiles, oldest deployment first. */
  public List<CallTally> month(YearMonth month) {
    recorder.flush();
    try (Connection c = db.connection()) {
      return CallAggregates.read(c, month);
    } catch (SQLException e) {
      throw new LedgerException("cannot read usage: " + e.getMessage(), e);
    }
  }
}
