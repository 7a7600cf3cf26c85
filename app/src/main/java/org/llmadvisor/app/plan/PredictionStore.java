package org.llmadvisor.app.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
    try {
      db.replaceSingleRow(
          "advice_prediction", "computed_at", json.writeValueAsString(byRecommendation), at);
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot store the advice's predictions: " + e.getMessage(), e);
    }
  }

  /** What the last stored advice predicted for {@code recommendationId}. */
  public Optional<Map<String, Double>> find(String recommendationId) {
    try {
      Optional<String> body = db.singleRow("advice_prediction");
      return body.isEmpty()
          ? Optional.empty()
          : Optional.ofNullable(json.readValue(body.get(), BODY).get(recommendationId));
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot read the advice's predictions: " + e.getMessage(), e);
    }
  }
}
