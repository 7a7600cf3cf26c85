package org.llmadvisor.app.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.providers.Fixtures;

/**
 * The embedded ledger's journal with the background move switched off: answered calls wait in the
 * journal, every read still sees them, and a budget reservation refused while settles are pending
 * is decided again on the settled spend.
 */
@QuarkusTest
@TestProfile(LedgerJournalTest.NoBackgroundMove.class)
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class LedgerJournalTest {

  public static class NoBackgroundMove implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("advisor.ledger.apply-interval", "1h");
    }
  }

  @Inject Budget budget;
  @Inject AgroalDataSource db;

  private long rowsInDatabase() throws SQLException {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM call_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The in-memory database outlives this application: leave no spent budget to the next test. */
  @AfterEach
  void leaveNoBudget() {
    GatewayTest.applyPlan("{\"deploymentIds\": [\"cloud\"], \"latencyTargetMs\": 5000}");
  }

  private int chat() {
    return GatewayTest.hello("auto", 100).extract().statusCode();
  }

  @Test
  void should_decide_the_budget_on_settled_spend_and_show_every_journaled_call() throws Exception {
    BackendsResource.server.resetAll();
    GatewayTest.stubOpenAi(
        "gpt-4o",
        BackendsResource.json(
            200, Fixtures.read("openai/chat.json").replace("gpt-4o-mini", "gpt-4o")));
    BigDecimal before = budget.spend(Budget.month(Instant.now())).spentUsd();
    long rowsBefore = rowsInDatabase();
    // gpt-4o with max_tokens 100 reserves 1,060 micro-dollars and costs 142.5: with 1,500 of
    // budget left the second call fits only once the first has settled, and the fifth does not
    // fit at all (4 x 142.5 + 1,060 = 1,630)
    GatewayTest.applyPlan(
        "{\"deploymentIds\": [\"premium\"], \"latencyTargetMs\": 5000, \"monthlyBudgetUsd\": "
            + before.add(new BigDecimal("0.0015")).toPlainString()
            + "}");

    assertThat(chat()).isEqualTo(200);
    assertThat(rowsInDatabase()).as("answered, journaled, not yet moved").isEqualTo(rowsBefore);
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).isEqualTo(429);

    Budget.MonthSpend spend = budget.spend(Budget.month(Instant.now()));
    assertThat(spend.spentUsd().subtract(before)).isEqualByComparingTo("0.000570");
    assertThat(spend.reservedUsd()).isEqualByComparingTo("0");
    assertThat(rowsInDatabase()).isEqualTo(rowsBefore + 4);
    assertThat(given().get("/api/usage").then().statusCode(200).extract().<Integer>path("requests"))
        .isEqualTo((int) (rowsBefore + 4));
  }
}
