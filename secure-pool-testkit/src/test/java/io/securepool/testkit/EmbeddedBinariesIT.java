package io.securepool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The fallback for a machine with only a JDK: the embedded binaries from Maven Central run the same
 * TLS-only, SCRAM-only server, without pgAudit.
 */
class EmbeddedBinariesIT {

  @Test
  void embeddedBinariesRunTheSameServer() throws Exception {
    try (PostgresServer server =
            LocalPostgres.start(
                ServerOptions.defaults(),
                TestPostgres.sharedCertificates(),
                PgBinaries.embedded());
        Connection connection = server.connectAsSuperuser();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT version, current_setting('server_version') FROM pg_stat_ssl"
                    + " WHERE pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("TLSv1.3");
      assertThat(row.getString(2)).startsWith("15.");
      assertThat(server.pgAuditAvailable()).isFalse();
      assertThat(server.description()).contains("embedded binaries");
    }
  }
}
