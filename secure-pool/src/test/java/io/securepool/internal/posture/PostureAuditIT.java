package io.securepool.internal.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securepool.SecureDataSource;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Vantage;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.PostureFixtures;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every posture check against two real servers: the weak variant finds it, the hardened one does
 * not. Application checks run as the application's login, DBA checks as the audit login, both over
 * the library's own connect path.
 */
class PostureAuditIT {

  /** Found only where pgAudit is loaded; on the weak server pgAudit is absent by design. */
  private static final Set<PostureCheck> NEEDS_PGAUDIT = EnumSet.of(PostureCheck.PGAUDIT_CLASSES);

  /**
   * A server with {@code ssl = off} cannot be audited at all: the library refuses to connect to it
   * ({@code SP-TLS-NOT-OFFERED}). The rule is covered by {@code SettingChecksTest}.
   */
  private static final Set<PostureCheck> UNREACHABLE = EnumSet.of(PostureCheck.TLS_OFF);

  private static PostgresServer weak;
  private static PostgresServer hardened;
  private static PostureReport weakApp;
  private static PostureReport weakDba;
  private static PostureReport hardenedApp;
  private static PostureReport hardenedDba;

  @BeforeAll
  static void audit() throws SQLException {
    weak = TestPostgres.shared(ServerOptions.weakPosture());
    hardened = TestPostgres.shared(ServerOptions.hardenedPosture());
    PostureFixtures.weaken(weak);
    weakApp = application(weak);
    weakDba = dba(weak);
    hardenedApp = application(hardened);
    hardenedDba = dba(hardened);
  }

  private static PostureReport application(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    try (SecureDataSource pool = pool(server, app, "enforce");
        Connection connection = pool.getConnection()) {
      return PostureAudit.application(connection, inputs(connection));
    }
  }

  private static PostureReport dba(PostgresServer server) throws SQLException {
    LoginRole auditor = PostureFixtures.auditor(server);
    try (SecureDataSource pool = pool(server, auditor, "off");
        Connection connection = pool.getConnection()) {
      return PostureAudit.full(
          connection, inputs(connection).humanGroup(Optional.of(PostureFixtures.HUMANS)));
    }
  }

  /**
   * The handshake's chain, and a pool of 1 in {@value #REPLICAS} replicas: more than the weak
   * server's 17 free connections, fewer than the hardened server's 197.
   */
  private static AuditInputs inputs(Connection connection) throws SQLException {
    return AuditInputs.none()
        .certificates(
            connection.unwrap(LeaseInfo.class).serverCertificates(),
            AuditInputs.DEFAULT_CERTIFICATE_WARNING)
        .pool(1, REPLICAS);
  }

  private static final int REPLICAS = 30;

  /**
   * A pool as {@code role}. The DBA vantage runs with the inspector off, as the doctor does: the
   * inspector refuses credential catalogs in an application's pool, which is what keeps the DBA
   * checks out of it.
   */
  private static SecureDataSource pool(PostgresServer server, LoginRole role, String inspector)
      throws SQLException {
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .poolName("posture-it")
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(role.username(), role.password())
            .maximumPoolSize(1)
            .set(Setting.INSPECTOR_MODE, inspector)
            .set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_read_all_settings")
            .set(Setting.POSTURE_CHECK, "off")
            .build());
  }

  /**
   * The report that sees {@code check}: the application's for its checks (unless that login may not
   * read the setting, as for {@code ssl_ciphers}), the audit login's for the DBA checks.
   */
  private static PostureReport seeing(PostureCheck check, PostureReport app, PostureReport dba) {
    return check.vantage() == Vantage.APPLICATION && !app.skipped().containsKey(check) ? app : dba;
  }

  @ParameterizedTest
  @EnumSource(PostureCheck.class)
  void theWeakServerFailsEveryCheck(PostureCheck check) {
    assumeTrue(!UNREACHABLE.contains(check), "no connection without TLS; see SettingChecksTest");
    assumeTrue(
        !NEEDS_PGAUDIT.contains(check), "needs pgAudit loaded; covered by SettingChecksTest");
    assertThat(seeing(check, weakApp, weakDba).found(check))
        .as("%s on the weak server; report: %s", check.id(), weakDba.findings())
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(PostureCheck.class)
  void theHardenedServerPassesEveryCheck(PostureCheck check) {
    if (check == PostureCheck.PGAUDIT_MISSING || NEEDS_PGAUDIT.contains(check)) {
      assumeTrue(hardened.pgAuditAvailable(), "pgAudit is not installed on this machine");
    }
    PostureReport report = seeing(check, hardenedApp, hardenedDba);
    assertThat(report.found(check))
        .as("%s on the hardened server: %s", check.id(), report.findings())
        .isFalse();
    assertThat(report.passed()).as("%s ran", check.id()).contains(check);
  }

  @Test
  void theApplicationLoginNeverRunsDbaChecks() {
    for (PostureCheck check : PostureCheck.values()) {
      if (check.vantage() == Vantage.DBA) {
        assertThat(weakApp.found(check) || weakApp.passed().contains(check)).isFalse();
      }
    }
  }

  @Test
  void theApplicationLoginSeesItsOwnWeaknessesWithoutExtraGrants() {
    assertThat(weakApp.found(PostureCheck.RLS_NOT_FORCED)).isTrue();
    assertThat(weakApp.found(PostureCheck.PUBLIC_CREATE)).isTrue();
    assertThat(weakApp.found(PostureCheck.PASSWORD_ENCRYPTION)).isTrue();
  }

  @Test
  void findingsNameObjectsButNeverSecrets() {
    for (PostureReport report : new PostureReport[] {weakApp, weakDba}) {
      for (Finding finding : report.findings()) {
        String text = finding.toString();
        for (TestRole role : TestRole.values()) {
          assertThat(text).doesNotContain(weak.role(role).password());
        }
        assertThat(text).doesNotContain(PostureFixtures.auditor(weak).password());
        assertThat(text).doesNotContainIgnoringCase("SCRAM-SHA-256$").doesNotContain("md5" + "0");
      }
    }
    Finding rls =
        weakApp.findings().stream()
            .filter(f -> f.check() == PostureCheck.RLS_NOT_FORCED)
            .findFirst()
            .orElseThrow();
    assertThat(rls.what()).contains("app_owned.tenant_rows").contains("sp_app");
    assertThat(rls.fix()).contains("FORCE ROW LEVEL SECURITY");
  }

  @Test
  void hbaFindingsNameTheOffendingLines() {
    String trust =
        weakDba.findings().stream()
            .filter(f -> f.check() == PostureCheck.HBA_TRUST)
            .findFirst()
            .orElseThrow()
            .what();
    assertThat(trust).contains("sp_nodb").contains("sp_nobody").contains("trust");
    String notSsl =
        weakDba.findings().stream()
            .filter(f -> f.check() == PostureCheck.HBA_NOT_HOSTSSL)
            .findFirst()
            .orElseThrow()
            .what();
    assertThat(notSsl).contains("hostnossl").doesNotContain("hostssl all all 127.0.0.1");
  }

  @Test
  void thePassphraseCommandFindingNeverShowsThePassphrase() {
    Finding finding =
        weakDba.findings().stream()
            .filter(f -> f.check() == PostureCheck.TLS_PASSPHRASE_COMMAND)
            .findFirst()
            .orElseThrow();
    assertThat(finding.toString()).doesNotContain(ServerOptions.WEAK_PASSPHRASE);
    assertThat(finding.locations())
        .containsExactly(Location.of(Location.Kind.SETTING, "ssl_passphrase_command"));
  }

  @Test
  void everyFindingHasALocation() {
    for (PostureReport report : new PostureReport[] {weakApp, weakDba}) {
      for (Finding finding : report.findings()) {
        assertThat(finding.locations()).as(finding.id()).isNotEmpty();
      }
    }
    Finding trust =
        weakDba.findings().stream()
            .filter(f -> f.check() == PostureCheck.HBA_TRUST)
            .findFirst()
            .orElseThrow();
    assertThat(trust.locations()).hasSize(1);
    assertThat(trust.locations().get(0).kind()).isEqualTo(Location.Kind.HBA_LINE);
    assertThat(trust.locations().get(0).line()).isPositive();
  }
}
