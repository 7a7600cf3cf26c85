package org.llmadvisor.app.ledger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which database holds the ledger: the embedded H2 file by default, the {@code pg} datasource when
 * it is active (replicas sharing one budget).
 */
@ApplicationScoped
public class LedgerDatabase {

  private final AgroalDataSource ds;
  private final String kind;

  @Inject
  public LedgerDatabase(
      AgroalDataSource defaultDataSource,
      @DataSource("pg") InjectableInstance<AgroalDataSource> postgres,
      @ConfigProperty(name = "quarkus.datasource.pg.active", defaultValue = "false")
          boolean usePostgres) {
    this.ds = usePostgres ? postgres.get() : defaultDataSource;
    this.kind = usePostgres ? "postgresql" : "h2";
  }

  /** {@code h2} (embedded) or {@code postgresql}. */
  public String kind() {
    return kind;
  }

  public boolean embedded() {
    return "h2".equals(kind);
  }

  public Connection connection() throws SQLException {
    return ds.getConnection();
  }

  /** True when the database answers within two seconds. */
  public boolean reachable() {
    try (Connection c = ds.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
