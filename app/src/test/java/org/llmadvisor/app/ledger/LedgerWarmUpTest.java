package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.llmadvisor.providers.metering.CallRecord;

/** The ledger warm-up writes a scratch ledger of its own and leaves the app's as it was. */
@QuarkusTest
class LedgerWarmUpTest {

  @Inject LedgerWarmUp warmUp;
  @Inject LedgerDatabase db;

  @Test
  void should_leave_the_apps_ledger_and_no_scratch_files_when_warming_up() throws Exception {
    CallRecord sample =
        new CallRecord(
            "warm-up",
            "openai",
            "gpt-4o-mini",
            Instant.now(),
            false,
            9,
            3,
            false,
            null,
            1,
            new BigDecimal("0.000003"),
            false,
            "success",
            null);
    long before = calls();
    long scratchBefore = scratchFolders();

    boolean ran = warmUp.run(sample, 100);

    assertThat(ran).isTrue();
    assertThat(calls()).isEqualTo(before);
    assertThat(scratchFolders()).isEqualTo(scratchBefore);
  }

  private long calls() throws Exception {
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM call_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long scratchFolders() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("advisor-ledger-warm-up")).count();
    }
  }
}
