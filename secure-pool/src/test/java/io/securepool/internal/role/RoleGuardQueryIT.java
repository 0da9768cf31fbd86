package io.securepool.internal.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.internal.CatalogReads;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query for servers before PostgreSQL 15 runs on the test kit's server too (it names nothing
 * newer than pg_init_privs, 9.6) and answers every column as the newer one does, but the last.
 */
@ExtendWith(PostgresExtension.class)
class RoleGuardQueryIT {

  @Test
  void theQueryForOlderServersAnswersLikeTheNewerOne(PostgresServer server) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", server.role(TestRole.APP).username());
    properties.setProperty("password", server.role(TestRole.APP).password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", server.caFile().toString());
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), properties)) {
      List<Object> newer = row(connection, RoleGuard.QUERY);
      List<Object> older = row(connection, RoleGuard.QUERY_WITHOUT_PARAMETER_ACL);
      assertThat(older).hasSameSizeAs(newer).hasSize(15);
      assertThat(older.subList(0, 14)).isEqualTo(newer.subList(0, 14));
      assertThat(older.get(14)).isEqualTo(List.of());
    }
  }

  private static List<Object> row(Connection connection, String query) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(CatalogReads.pinned(query))) {
      statement.setArray(1, connection.createArrayOf("text", RoleGuard.ALWAYS_DENIED.toArray()));
      statement.setArray(
          2, connection.createArrayOf("text", RoleGuard.READ_ONLY_FUNCTIONS.toArray()));
      try (ResultSet row = CatalogReads.execute(statement)) {
        assertThat(row.next()).isTrue();
        List<Object> values = new java.util.ArrayList<>();
        for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
          Object value = row.getObject(i);
          values.add(
              value instanceof java.sql.Array array ? List.of((Object[]) array.getArray()) : value);
        }
        return values;
      }
    }
  }
}
