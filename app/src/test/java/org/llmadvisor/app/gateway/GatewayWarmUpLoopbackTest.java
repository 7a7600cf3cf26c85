package org.llmadvisor.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.ledger.LedgerDatabase;

/**
 * In the running app the warm-up goes over loopback, through the deployment factory and the
 * providers' transport, and leaves the app's ledger and its HTTP metrics as they were.
 */
@QuarkusTest
class GatewayWarmUpLoopbackTest {

  @Inject GatewayWarmUp warmUp;
  @Inject LedgerDatabase db;
  @Inject MeterRegistry metrics;

  @Test
  void should_warm_up_over_loopback_and_record_nothing_when_the_app_runs() throws Exception {
    long before = calls();
    long served = served();

    String where = warmUp.warmUp(50);

    assertThat(where).isEqualTo("over loopback");
    assertThat(calls()).isEqualTo(before);
    assertThat(served()).isEqualTo(served);
  }

  /** Requests the app's HTTP metrics have counted, on any route. */
  private long served() {
    return metrics.find("http.server.requests").timers().stream().mapToLong(Timer::count).sum();
  }

  private long calls() throws Exception {
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM call_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
