package org.llmadvisor.app.plan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
    try (Connection c = db.connection()) {
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

  public Optional<String> load() {
    try (Connection c = db.connection();
        PreparedStatement p = c.prepareStatement("SELECT body FROM plan WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new LedgerException("cannot load the plan", e);
    }
  }
}
