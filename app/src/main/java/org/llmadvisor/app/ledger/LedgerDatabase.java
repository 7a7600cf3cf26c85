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

  /**
   * Replaces the one row (id 1) of a table that holds a single document: {@code body} and the time
   * in {@code atColumn}, deleted and inserted in one transaction.
   */
  public void replaceSingleRow(String table, String atColumn, String body, java.time.Instant at)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement d =
              c.prepareStatement("DELETE FROM " + table + " WHERE id = 1");
          java.sql.PreparedStatement i =
              c.prepareStatement(
                  "INSERT INTO " + table + " (id, body, " + atColumn + ") VALUES (1, ?, ?)")) {
        d.executeUpdate();
        i.setString(1, body);
        i.setTimestamp(2, java.sql.Timestamp.from(at));
        i.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The body of a single-document table's row, if it has one. */
  public java.util.Optional<String> singleRow(String table) throws SQLException {
    try (Connection c = ds.getConnection();
        java.sql.PreparedStatement p =
            c.prepareStatement("SELECT body FROM " + table + " WHERE id = 1");
        java.sql.ResultSet rs = p.executeQuery()) {
      return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
    }
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
