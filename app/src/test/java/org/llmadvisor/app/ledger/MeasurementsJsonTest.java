package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmadvisor.service.Measurements;

/**
 * {@code measured} in both {@code /api/usage} and {@code /api/advice} is a {@link Measurements};
 * the web UI reads these names from each, so they hold every field either response had, and a
 * percentile with no calls behind it stays a null rather than vanishing.
 */
class MeasurementsJsonTest {

  @Test
  void should_carry_every_field_usage_and_advice_showed() {
    JsonNode json =
        new ObjectMapper()
            .valueToTree(new Measurements("cloud", 3, null, null, 120.0, 180.0, null));
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder(
            // advice had deploymentId and requests; usage had the time to first token p50
            "deploymentId",
            "requests",
            "p50TimeToFirstTokenMs",
            "p95TimeToFirstTokenMs",
            "p50LatencyMs",
            "p95LatencyMs",
            "generationTokensPerSecond");
    assertThat(json.get("p95TimeToFirstTokenMs").isNull()).isTrue();
    assertThat(json.get("p95LatencyMs").asDouble()).isEqualTo(180.0);
  }
}
