package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.inspect.ParsedSqlHex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    return InspectCommand.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOneVerdictPerStatementAndExitsZeroWhenAllAllowed() {
    int status = run("SELECT * FROM t WHERE id = ?\n\nSELECT 1\n", "-");
    assertThat(status).isZero();
    assertThat(out()).isEqualTo("ALLOW\tSELECT * FROM t WHERE id = ?\nALLOW\tSELECT ?\n");
    assertThat(err.size()).isZero();
  }

  @Test
  void exitsOneWithTheRuleIdAndMaskedSqlWhenSomethingIsRejected() {
    int status = run("SELECT * FROM u WHERE name = 'admin'--' AND pw = 'secret'\n", "-");
    assertThat(status).isEqualTo(1);
    assertThat(out())
        .isEqualTo("REJECT SP-SQL-COMMENT-TRUNCATION\tSELECT * FROM ? WHERE ? = '?'--?\n")
        .doesNotContain("secret", "admin");
  }

  @Test
  void streamStateCarriesOverUnlessEach() {
    // Without call sites two values of one shape may be two constants; the third is variance.
    String stream =
        "SELECT * FROM t WHERE name = 'alice'\nSELECT * FROM t WHERE name = 'bob'\n"
            + "SELECT * FROM t WHERE name = 'carol'\n";
    assertThat(run(stream, "-")).isEqualTo(1);
    assertThat(out()).contains("ALLOW\t", "REJECT SP-SQL-LITERAL-VARIANCE\t");
    out.reset();
    assertThat(run(stream, "--each", "-")).isZero();
  }

  @Test
  void judgesAStreamWithCallSitesAsThePoolWould() {
    String stream =
        "com.acme.AuthDao.login:31\tSELECT id FROM users WHERE name = 'alice' AND active\n"
            + "com.acme.AuthDao.login:31\tSELECT id FROM users WHERE name = 'x' OR 'a'='a' AND"
            + " active\n"
            + "com.acme.Other.find:9\tSELECT id FROM users WHERE name = 'bob' AND active\n";
    assertThat(run(stream, "--call-sites", "-")).isEqualTo(1);
    assertThat(out().split("\n"))
        .hasSize(3)
        .satisfies(l -> assertThat(l[0]).startsWith("ALLOW\t"))
        .satisfies(l -> assertThat(l[1]).startsWith("REJECT SP-SQL-"))
        .satisfies(l -> assertThat(l[2]).startsWith("ALLOW\t"));
    out.reset();
    assertThat(run("no call site here\n", "--call-sites", "-")).isEqualTo(2);
  }

  @Test
  void unrelatedStatementsOfAStreamWithoutCallSitesAreNotDeviationsOfEachOther() {
    String stream =
        "SELECT * FROM orders WHERE status = 'OPEN'\n"
            + "SELECT * FROM orders WHERE status = 'OPEN' AND total > 100\n";
    assertThat(run(stream, "-")).isZero();
  }

  @Test
  void loadsARecordedModelBeforeScanning(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.txt");
    Files.writeString(
        model,
        ParsedSqlHex.of("SELECT id FROM users WHERE name = '' AND active")
            + " prepared com.acme.AuthDao.login:31\tSELECT id FROM users WHERE name = '' AND"
            + " active\n");
    String stream =
        "com.acme.AuthDao.login:31\tSELECT id FROM users WHERE name = 'x' OR role = 'a' AND"
            + " active\n";
    assertThat(run(stream, "--call-sites", "--model", model.toString(), "-")).isEqualTo(1);
    assertThat(out()).startsWith("REJECT SP-SQL-TEMPLATE-DEVIATION\t");
    out.reset();
    assertThat(run(stream, "--model", dir.resolve("missing.txt").toString(), "-")).isEqualTo(2);
  }

  @Test
  void strictPolicyRejectsLiterals() {
    assertThat(run("SELECT * FROM t WHERE s = 'A'\n", "--policy", "strict", "-")).isEqualTo(1);
    assertThat(out()).startsWith("REJECT SP-SQL-STRICT-LITERAL\t");
  }

  @Test
  void readsAFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("statements.sql");
    Files.writeString(f, "SELECT 1; DROP TABLE t\n");
    assertThat(run("", f.toString())).isEqualTo(1);
    // In a refused statement, names after the first value are masked too: they may be values.
    assertThat(out()).isEqualTo("REJECT SP-SQL-STACKED\tSELECT ?; DROP TABLE ?\n");
  }

  @Test
  void readsAServerLog() {
    String log =
        "2026-01-01 12:00:00.123 UTC [1234] app=x user=y db=z LOG:  statement: SELECT 1\n"
            + "2026-01-01 12:00:01.000 UTC [1234] app=x user=y db=z LOG:  execute <unnamed>:"
            + " SELECT * FROM t\n"
            + "\tWHERE id = $1\n"
            + "2026-01-01 12:00:01.000 UTC [1234] app=x user=y db=z DETAIL:  parameters:"
            + " $1 = 'secret'\n"
            + "2026-01-01 12:00:02.000 UTC [1234] app=x user=y db=z LOG:  duration: 0.5 ms "
            + " statement: SELECT 2; SELECT 3\n"
            + "2026-01-01 12:00:03.000 UTC [1234] app=x user=y db=z LOG:  connection received\n";
    assertThat(run(log, "--pglog", "-")).isEqualTo(1);
    assertThat(out())
        .isEqualTo(
            "ALLOW\tSELECT ?\n"
                + "ALLOW\tSELECT * FROM t WHERE id = $1\n"
                + "REJECT SP-SQL-STACKED\tSELECT ?; SELECT ?\n")
        .doesNotContain("secret");
  }

  private static String seedLog(String app, String user) {
    StringBuilder log = new StringBuilder();
    String[] names = {"Leo", "Basil", "Rosy", "Jewel", "Iggy"};
    for (int i = 0; i < names.length; i++) {
      log.append("2026-01-01 12:00:0")
          .append(i)
          .append(".000 UTC [77] app=")
          .append(app)
          .append(" user=")
          .append(user)
          .append(" db=z LOG:  execute <unnamed>: INSERT INTO pets (name) VALUES ('")
          .append(names[i])
          .append("')\n");
    }
    return log.toString();
  }

  @Test
  void aMigrationPoolsSeedInsertsAreJudgedAsScriptStatements() {
    // On an application pool five literals of one shape are literal variance...
    assertThat(run(seedLog("svc/host/orders", "app"), "--pglog", "--no-progress", "-"))
        .isEqualTo(1);
    assertThat(out()).contains("REJECT SP-SQL-LITERAL-VARIANCE");
    // ...on the migration pool (or a named script login) they are script-runner statements.
    out.reset();
    assertThat(run(seedLog("svc/host/orders-migration", "owner"), "--pglog", "--no-progress", "-"))
        .isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("5 as a script runner's (structure rules only: pool orders-migration)");
    err.reset();
    assertThat(run(seedLog("[unknown]", "owner"), "--pglog", "--script-user", "owner", "-"))
        .isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no secure-pool application_name in the log");
  }

  @Test
  void scriptStatementsStillMeetTheStructureRules() {
    String log =
        "2026-01-01 12:00:00.000 UTC [77] app=svc/host/orders-migration user=o db=z LOG: "
            + " statement: SELECT 1; DROP TABLE t\n";
    assertThat(run(log, "--pglog", "-")).isEqualTo(1);
    assertThat(out()).startsWith("REJECT SP-SQL-STACKED");
  }

  @Test
  void pgjdbcsOwnStatementsAreSkippedAndNamed() {
    String log =
        "2026-01-01 12:00:00.000 UTC [77] app=svc/host/orders user=a db=z LOG:  execute"
            + " <unnamed>: SHOW TRANSACTION ISOLATION LEVEL\n"
            + "2026-01-01 12:00:00.000 UTC [77] app=svc/host/orders user=a db=z LOG:  statement: \n";
    assertThat(run(log, "--pglog", "-")).isZero();
    assertThat(out()).isEqualTo("SKIP pgjdbc:getTransactionIsolation\nSKIP pgjdbc:isValid\n");
    assertThat(run("", "--script-user", "o", "-")).isEqualTo(2);
  }

  @Test
  void badUsageExitsTwoWithAUsageLine() {
    assertThat(run("", new String[0])).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: inspect");
    assertThat(run("", "--policy", "lax", "-")).isEqualTo(2);
    assertThat(run("", "--bogus", "-")).isEqualTo(2);
    assertThat(run("", "a.sql", "b.sql")).isEqualTo(2);
  }

  @Test
  void splitStatementsJudgesEachStatementOfAScriptAndIgnoresSemicolonsInQuotes() {
    String script =
        "-- orders report\n"
            + "SELECT * FROM orders\n  WHERE id = ? AND note <> ';';\n"
            + "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
            + "SELECT * FROM u WHERE name = 'admin'--' AND pw = 'secret'\n;";
    assertThat(run(script, "--split", "statements", "-")).isEqualTo(1);
    assertThat(out().split("\n"))
        .hasSize(3)
        .satisfies(
            l ->
                assertThat(l[0])
                    .isEqualTo("ALLOW\tSELECT * FROM orders   WHERE id = ? AND note <> '?'"))
        .satisfies(l -> assertThat(l[1]).startsWith("ALLOW\tCREATE FUNCTION"))
        .satisfies(l -> assertThat(l[2]).startsWith("REJECT SP-SQL-COMMENT-TRUNCATION\t"));
    assertThat(out()).doesNotContain("secret", "admin");
    out.reset();
    // The default stays one statement per line.
    assertThat(run("SELECT 1;\nSELECT * FROM t WHERE id = ?\n", "-")).isZero();
    assertThat(out()).isEqualTo("ALLOW\tSELECT ?;\nALLOW\tSELECT * FROM t WHERE id = ?\n");
  }

  @Test
  void unreadableInputExitsTwo(@TempDir Path dir) {
    assertThat(run("", dir.resolve("missing.sql").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("inspect: cannot read");
  }
}
