package org.llmadvisor.app.plan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.llmadvisor.app.ledger.LedgerDatabase;
import org.llmadvisor.app.ledger.LedgerException;

/**
 * The applied plan as one row of the ledger's database, so it survives a restart and replicas
 * sharing the database share it.
 */
@ApplicationScoped
public class PlanStore {

  private final LedgerDatabase db;

  @Inject
  public PlanStore(LedgerDatabase db) {
    this.db = db;
  }

  /** Replaces the stored plan. */
  public void save(String json, Instant at) {
    try {
      db.replaceSingleRow("plan", "applied_at", json, at);
    } catch (SQLException e) {
      throw new LedgerException("cannot store the plan", e);
    }
  }

  public Optional<String> load() {
    try {
      return db.singleRow("plan");
    } catch (SQLException e) {
      throw new LedgerException("cannot load the plan", e);
    }
  }
}
