package org.llmadvisor.app.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.app.ledger.LedgerDatabase;
import org.llmadvisor.app.ledger.LedgerException;

/**
 * The last advice's predictions in the ledger's database (one row: recommendation id to figures),
 * so they outlive the process and are shared by replicas.
 */
@ApplicationScoped
public class PredictionStore {

  private static final TypeReference<Map<String, Map<String, Double>>> BODY =
      new TypeReference<>() {};

  private final LedgerDatabase db;
  private final ObjectMapper json;

  @Inject
  public PredictionStore(LedgerDatabase db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /** Replaces the stored predictions with an advice's. */
  public void save(Map<String, Map<String, Double>> byRecommendation, Instant at) {
    try (Connection c = db.connection()) {
      String body = json.writeValueAsString(byRecommendation);
      c.setAutoCommit(false);
      try (PreparedStatement d = c.prepareStatement("DELETE FROM advice_prediction WHERE id = 1");
          PreparedStatement i =
              c.prepareStatement(
                  "INSERT INTO advice_prediction (id, body, computed_at) VALUES (1, ?, ?)")) {
        d.executeUpdate();
        i.setString(1, body);
        i.setTimestamp(2, Timestamp.from(at));
        i.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot store the advice's predictions: " + e.getMessage(), e);
    }
  }

  /** What the last stored advice predicted for {@code recommendationId}. */
  public Optional<Map<String, Double>> find(String recommendationId) {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT body FROM advice_prediction WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.ofNullable(json.readValue(rs.getString(1), BODY).get(recommendationId));
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot read the advice's predictions: " + e.getMessage(), e);
    }
  }
}
