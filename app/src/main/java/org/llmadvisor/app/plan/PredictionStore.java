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
import org.llmadvisor.core.advice.VllmServing;

/**
 * The last advice's predictions in the ledger's database (one row: recommendation id to figures;
 * another for its vLLM recommendations' server arguments), so they outlive the process and are
 * shared by replicas.
 */
@ApplicationScoped
public class PredictionStore {

  private static final TypeReference<Map<String, Map<String, Double>>> BODY =
      new TypeReference<>() {};

  private static final TypeReference<Map<String, VllmServing.Json>> VLLM = new TypeReference<>() {};

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

  /** Replaces the stored vLLM arguments with an advice's (vLLM recommendation id to arguments). */
  public void saveVllm(Map<String, VllmServing.Json> byRecommendation, Instant at) {
    try {
      db.replaceSingleRow(
          "advice_vllm_serving", "computed_at", json.writeValueAsString(byRecommendation), at);
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot store the advice's vLLM arguments: " + e.getMessage(), e);
    }
  }

  /** The vLLM arguments the last stored advice gave {@code recommendationId}. */
  public Optional<VllmServing.Json> findVllm(String recommendationId) {
    try {
      Optional<String> body = db.singleRow("advice_vllm_serving");
      return body.isEmpty()
          ? Optional.empty()
          : Optional.ofNullable(json.readValue(body.get(), VLLM).get(recommendationId));
    } catch (SQLException | JsonProcessingException e) {
      throw new LedgerException("cannot read the advice's vLLM arguments: " + e.getMessage(), e);
    }
  }
}
