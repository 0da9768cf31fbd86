package io.securepool.petclinic;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.cli.InspectCommand;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The offline scan of a server log ({@code inspect --pglog}) judges the clinic's start-up (the
 * migration pool's init scripts, Hibernate's and pgjdbc's own queries) and its requests as the pool
 * did while they ran: the pool refused and reported nothing, and the scan of the server's own log
 * of those sessions rejects nothing either.
 */
class PgLogParityIT {

  @Test
  void theScanOfTheServerLogJudgesTheStartUpAndTheRequestsAsThePoolDid() throws Exception {
    ClinicDatabase.prepare();
    PostgresServer server = TestPostgres.shared();
    logStatements(true);
    long mark = server.log().mark();
    try (ConfigurableApplicationContext app =
        SpringApplication.run(ClinicApplication.class, ClinicDatabase.secureArguments())) {
      int port = PetClinicIT.port(app);
      PetClinicIT.answers(port);
      assertThat(PetClinicIT.post(port, "/owners/3/telephone?value=6085550000")).startsWith("200");
      assertThat(PetClinicIT.post(port, "/owners/6/pets/7/visits?description=dental"))
          .startsWith("200");
      assertThat(app.getBean(ClinicApplication.StatementEvents.class).events).isEmpty();
    } finally {
      logStatements(false);
    }
    List<String> lines = server.log().linesSince(mark);
    Path log = Path.of("target", "pglog-parity", "server.log");
    Files.createDirectories(log.getParent());
    Files.write(log, lines);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        InspectCommand.run(
            new String[] {"--pglog", "--no-progress", log.toString()},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String verdicts = out.toString(StandardCharsets.UTF_8);
    Files.writeString(log.resolveSibling("verdicts.txt"), verdicts + "\n--\n" + err);
    assertThat(verdicts).as("statements scanned").contains("ALLOW");
    assertThat(verdicts.lines().filter(line -> line.startsWith("REJECT")))
        .as("the scan rejects what the pool allowed; see " + log.resolveSibling("verdicts.txt"))
        .isEmpty();
    assertThat(status).isZero();
    // The seed INSERTs were recognised as the migration pool's script statements, pgjdbc's own
    // queries as the driver's; the report says so, and what a log cannot tell.
    assertThat(verdicts).contains("SKIP pgjdbc:");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("as a script runner's (structure rules only: pool secure-pool-migration)")
        .contains("a log has no call sites");
  }

  /** log_statement = 'all' for the clinic's two logins only, on their new sessions. */
  private static void logStatements(boolean on) throws SQLException {
    try (Connection admin = TestPostgres.shared().connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      for (String role : new String[] {TestRole.APP.username(), ClinicDatabase.OWNER}) {
        statement.execute(
            on
                ? "ALTER ROLE " + role + " SET log_statement = 'all'"
                : "ALTER ROLE " + role + " RESET log_statement");
      }
    }
  }
}
