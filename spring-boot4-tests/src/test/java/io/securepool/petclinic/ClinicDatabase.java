package io.securepool.petclinic;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The clinic's schema on the shared test server: owned by a role of its own, whose init scripts the
 * migration pool runs; the least-privilege application role gets CRUD on its tables through default
 * privileges, and nothing else. Also the two applications' arguments.
 */
final class ClinicDatabase {

  static final String OWNER = "sp_clinic_owner";
  static final int POOL_SIZE = 4;
  private static final String OWNER_PASSWORD = UUID.randomUUID().toString();

  private ClinicDatabase() {}

  /** A fresh, empty schema {@code clinic} owned by {@link #OWNER}. */
  static void prepare() throws SQLException {
    PostgresServer server = TestPostgres.shared();
    String app = TestRole.APP.username();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + OWNER
              + "') THEN CREATE ROLE "
              + OWNER
              + " LOGIN; END IF; END $$");
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + OWNER);
      statement.execute("DROP SCHEMA IF EXISTS clinic CASCADE");
      statement.execute("CREATE SCHEMA clinic AUTHORIZATION " + OWNER);
      statement.execute("GRANT USAGE ON SCHEMA clinic TO " + app);
      statement.execute(
          "ALTER DEFAULT PRIVILEGES FOR ROLE "
              + OWNER
              + " IN SCHEMA clinic GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
              + app);
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(OWNER, OWNER_PASSWORD.toCharArray(), "scram-sha-256");
    }
  }

  /** The clinic on the starter in ENFORCE, its init scripts on the migration pool as the owner. */
  static String[] secureArguments(String... more) {
    PostgresServer server = TestPostgres.shared();
    LoginRole role = server.role(TestRole.APP);
    List<String> args =
        common(
            "--spring.application.name=clinic-secure",
            "--spring.datasource.url=" + server.jdbcUrl(),
            "--spring.datasource.username=" + role.username(),
            "--spring.datasource.password=" + role.password(),
            "--secure-pool.tls.ca-file=" + server.caFile(),
            "--secure-pool.driver.currentSchema=clinic",
            "--secure-pool.inspector.mode=enforce",
            "--secure-pool.migration.enabled=true",
            "--secure-pool.migration.username=" + OWNER,
            "--secure-pool.migration.password=" + OWNER_PASSWORD,
            "--spring.sql.init.mode=always",
            "--spring.sql.init.schema-locations=classpath:petclinic/schema.sql",
            "--spring.sql.init.data-locations=classpath:petclinic/data.sql");
    args.addAll(Arrays.asList(more));
    return args.toArray(String[]::new);
  }

  /** The same clinic on Boot's HikariCP with verify-full and channel binding, no init scripts. */
  static String[] plainArguments() {
    PostgresServer server = TestPostgres.shared();
    LoginRole role = server.role(TestRole.APP);
    return common(
            "--spring.application.name=clinic-plain",
            "--secure-pool.enabled=false",
            "--spring.datasource.url="
                + server.jdbcUrl()
                + "?sslmode=verify-full&sslrootcert="
                + server.caFile()
                + "&channelBinding=require&currentSchema=clinic",
            "--spring.datasource.username=" + role.username(),
            "--spring.datasource.password=" + role.password(),
            "--spring.sql.init.mode=never")
        .toArray(String[]::new);
  }

  private static List<String> common(String... specific) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.jpa.open-in-view=false",
                "--spring.jpa.hibernate.ddl-auto=none",
                "--spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
                "--spring.main.banner-mode=off"));
    args.addAll(Arrays.asList(specific));
    return args;
  }
}
