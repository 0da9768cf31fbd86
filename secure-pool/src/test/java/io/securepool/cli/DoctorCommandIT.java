package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.PostureFixtures;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} against the weak and the hardened test servers, in-process. */
class DoctorCommandIT {

  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private Result doctor(PostgresServer server, LoginRole role, String... extra) throws Exception {
    Path passwordFile = Files.writeString(dir.resolve(role.username() + ".pw"), role.password());
    List<String> args =
        new ArrayList<>(
            List.of(
                "doctor",
                "--url",
                server.jdbcUrl(),
                "--ca",
                server.caFile().toString(),
                "--user",
                role.username(),
                "--password-file",
                passwordFile.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args.toArray(new String[0]),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    Result result =
        new Result(
            status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("doctor " + server.options() + " as " + role.username() + " -> " + status);
    System.out.println(result.out() + result.err());
    return result;
  }

  private static PostgresServer weak() {
    PostgresServer server = TestPostgres.shared(ServerOptions.weakPosture());
    PostureFixtures.weaken(server);
    return server;
  }

  @Test
  void theWeakServerFailsWithOneLinePerFinding() throws Exception {
    PostgresServer server = weak();
    Result result =
        doctor(server, PostureFixtures.auditor(server), "--human-group", PostureFixtures.HUMANS);
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out())
        .contains("high SP-POSTURE-HBA-TRUST: pg_hba.conf line")
        .contains(" — fix: ")
        .containsPattern("(?m)^doctor: high=\\d+ medium=\\d+ low=\\d+ passed=\\d+$");
    for (String line : result.out().split("\n")) {
      assertThat(line)
          .matches("(high|medium|low) SP-POSTURE-[A-Z0-9-]+: .+ — fix: .+|skipped .+|doctor: .+");
    }
    assertThat(result.out()).doesNotContain(PostureFixtures.auditor(server).password());
  }

  @Test
  void failOnHighStillFailsOnTheWeakServer() throws Exception {
    PostgresServer server = weak();
    assertThat(doctor(server, server.role(TestRole.APP), "--fail-on", "high").status())
        .isEqualTo(1);
  }

  @Test
  void theHardenedServerHasNoHighOrMediumFindingsButPgAudit() throws Exception {
    PostgresServer server = TestPostgres.shared(ServerOptions.hardenedPosture());
    Result result =
        doctor(server, PostureFixtures.auditor(server), "--human-group", PostureFixtures.HUMANS);
    if (server.pgAuditAvailable()) {
      assertThat(result.status()).isEqualTo(0);
      assertThat(result.out()).contains("doctor: high=0 medium=0 low=0 passed=");
    } else {
      assertThat(result.out())
          .contains("doctor: high=0 medium=1 low=0 passed=")
          .contains("medium SP-POSTURE-PGAUDIT-MISSING");
      assertThat(result.status()).isEqualTo(1);
    }
  }

  @Test
  void jsonAndSarifCarryTheFindings() throws Exception {
    PostgresServer server = weak();
    LoginRole app = server.role(TestRole.APP);
    Result json = doctor(server, app, "--format", "json");
    assertThat(json.out())
        .startsWith("{\"summary\":{")
        .contains("\"id\":\"SP-POSTURE-RLS-NOT-FORCED\"");
    Result sarif = doctor(server, app, "--format", "sarif");
    assertThat(sarif.out())
        .contains("\"version\":\"2.1.0\"")
        .contains("\"ruleId\":\"SP-POSTURE-PUBLIC-CREATE\"")
        .contains("\"level\":\"error\"");
  }

  @Test
  void aSuperuserIsRefusedAndUsageErrorsExitTwo() throws Exception {
    PostgresServer server = TestPostgres.shared(ServerOptions.hardenedPosture());
    Result superuser = doctor(server, server.role(TestRole.SUPERUSER));
    assertThat(superuser.status()).isEqualTo(2);
    assertThat(superuser.err()).contains("REFUSED SP-ROLE");
    Result wrongCa = doctor(server, server.role(TestRole.APP), "--format", "xml");
    assertThat(wrongCa.status()).isEqualTo(2);
    assertThat(doctor(server, server.role(TestRole.APP), "--fail-on", "urgent").status())
        .isEqualTo(2);
  }

  @Test
  void sarifFromTheWeakServerLocatesEveryFinding() throws Exception {
    PostgresServer server = weak();
    Result sarif =
        doctor(
            server,
            PostureFixtures.auditor(server),
            "--format",
            "sarif",
            "--human-group",
            PostureFixtures.HUMANS);
    List<java.util.Map<?, ?>> results = SarifShape.check(sarif.out());
    assertThat(results).isNotEmpty();
    boolean hbaLine = false;
    for (java.util.Map<?, ?> result : results) {
      if ("SP-POSTURE-HBA-TRUST".equals(result.get("ruleId"))) {
        java.util.Map<?, ?> location =
            (java.util.Map<?, ?>) ((List<?>) result.get("locations")).get(0);
        hbaLine = location.get("physicalLocation") != null;
      }
    }
    assertThat(hbaLine).as("the trust rule points at its pg_hba.conf line").isTrue();
    assertThat(sarif.out()).doesNotContain(ServerOptions.WEAK_PASSPHRASE);
  }

  @Test
  void poolSizeReplicasAndCertificateExpiryAreChecked() throws Exception {
    PostgresServer server = weak();
    LoginRole app = server.role(TestRole.APP);
    Result sized = doctor(server, app, "--pool-size", "10", "--replicas", "2");
    assertThat(sized.out())
        .contains("medium SP-POSTURE-MAX-CONNECTIONS: pool.maximum-size 10 × 2 replica(s)")
        .contains(
            "medium SP-POSTURE-TLS-CERT-EXPIRY: the server's certificate chain: 'CN=localhost'");
    Result unsized = doctor(server, app);
    assertThat(unsized.out()).contains("skipped SP-POSTURE-MAX-CONNECTIONS: no pool size given");
    Result fine = doctor(server, app, "--pool-size", "10", "--certificate-warning-days", "1");
    assertThat(fine.out())
        .doesNotContain("SP-POSTURE-MAX-CONNECTIONS")
        .doesNotContain("SP-POSTURE-TLS-CERT-EXPIRY");
    assertThat(doctor(server, app, "--pool-size", "0").status()).isEqualTo(2);
  }
}
