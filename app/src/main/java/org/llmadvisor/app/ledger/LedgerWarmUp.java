package org.llmadvisor.app.ledger;

import io.quarkus.runtime.ImageMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.app.ledger.CallJournal.Position;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * Runs the embedded ledger's write path (the journal's append, then batches of rows, aggregates,
 * settlement and journal position in one transaction, as the apply thread writes them) on a scratch
 * ledger in a temporary folder, deleted afterwards. Why: the database engine's code was a third of
 * what the JIT compilers still had to compile during the first client calls. The app's own ledger
 * is not touched.
 */
@ApplicationScoped
public class LedgerWarmUp {

  /** Calls in one transaction: about what the apply thread gathers under load. */
  private static final int BATCH = 32;

  @Inject LedgerDatabase db;

  @Inject Flyway flyway;

  /** The embedded ledger's URL: its options (after the path) are the scratch ledger's too. */
  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  /**
   * Records {@code sample} {@code calls} times in a scratch ledger.
   *
   * @return false when there is nothing to warm: the ledger is PostgreSQL, or this is a native
   *     executable (compiled ahead of time)
   */
  public boolean run(CallRecord sample, int calls) throws IOException, SQLException {
    if (!db.embedded() || ImageMode.current().isNativeImage()) {
      return false;
    }
    Path dir = Files.createTempDirectory("advisor-ledger-warm-up");
    try {
      JdbcDataSource ds = new JdbcDataSource();
      int options = url.indexOf(';');
      ds.setURL(
          "jdbc:h2:file:" + dir.resolve("ledger") + (options < 0 ? "" : url.substring(options)));
      ds.setUser("advisor");
      // the app's migrations, found as the app finds them
      Flyway.configure().configuration(flyway.getConfiguration()).dataSource(ds).load().migrate();
      try (Connection c = ds.getConnection();
          CallJournal journal = new CallJournal(dir.resolve("journal"), 0, 16L << 20, false)) {
        CallAggregates aggregates = new CallAggregates();
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
          Entry e = new Entry("warm-up-" + i, sample, BigDecimal.ZERO);
          Position end = journal.append(List.of(e));
          batch.add(e);
          if (batch.size() == BATCH || i == calls - 1) {
            CallRecorder.write(c, aggregates, batch, end, false);
            batch.clear();
          }
        }
        c.createStatement().execute("SHUTDOWN");
      }
      return true;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
