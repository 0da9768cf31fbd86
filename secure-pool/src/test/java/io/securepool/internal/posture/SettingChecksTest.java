package io.securepool.internal.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The setting rules and the pg_hba rules as pure functions, without a server. */
class SettingChecksTest {

  private static Map<String, String> hardened() {
    Map<String, String> settings = new HashMap<>();
    settings.put("ssl", "on");
    settings.put("ssl_min_protocol_version", "TLSv1.2");
    settings.put("ssl_ciphers", "HIGH:MEDIUM:+3DES:!aNULL");
    settings.put("password_encryption", "scram-sha-256");
    settings.put("shared_preload_libraries", "pgaudit");
    settings.put("pgaudit.log", "write, ddl, role");
    settings.put("log_connections", "on");
    settings.put("log_disconnections", "on");
    settings.put("log_line_prefix", "%m [%p] app=%a ");
    settings.put("log_statement", "none");
    settings.put("statement_timeout", "30000");
    settings.put("idle_in_transaction_session_timeout", "60000");
    settings.put("ssl_passphrase_command", "");
    return settings;
  }

  private static PostureReport run(Map<String, String> settings) {
    Audit audit = new Audit();
    SettingChecks.run(VisibleSettings.of(settings), "sp_app", audit);
    return audit.report();
  }

  @Test
  void hardenedSettingsPassEverySettingCheck() {
    PostureReport report = run(hardened());
    assertThat(report.findings()).isEmpty();
    assertThat(report.skipped()).isEmpty();
    assertThat(report.passed()).contains(PostureCheck.PGAUDIT_CLASSES, PostureCheck.TLS_OFF);
  }

  @Test
  void pgAuditClassesMissingOrSubtractedAreFound() {
    assertThat(SettingChecks.missingPgAuditClasses("write, ddl")).containsExactly("role");
    assertThat(SettingChecks.missingPgAuditClasses("all, -ddl")).containsExactly("ddl");
    assertThat(SettingChecks.missingPgAuditClasses("none")).containsExactly("write", "ddl", "role");
    assertThat(SettingChecks.missingPgAuditClasses("ALL")).isEmpty();
    Map<String, String> settings = hardened();
    settings.put("pgaudit.log", "read");
    assertThat(run(settings).found(PostureCheck.PGAUDIT_CLASSES)).isTrue();
  }

  @Test
  void weakCipherElementsAreFoundOnlyWhenEnabled() {
    assertThat(SettingChecks.weakCipherTokens("HIGH:MEDIUM:+3DES:!aNULL")).isEmpty();
    assertThat(SettingChecks.weakCipherTokens("HIGH:RC4-SHA:!MD5:NULL"))
        .containsExactly("RC4-SHA", "NULL");
    assertThat(SettingChecks.weakCipherTokens("ALL:EXPORT")).containsExactly("EXPORT");
  }

  @Test
  void invisibleSettingsAreSkippedNotPassed() {
    Map<String, String> settings = hardened();
    settings.remove("ssl_ciphers");
    settings.remove("log_line_prefix");
    PostureReport report = run(settings);
    assertThat(report.skipped())
        .containsKeys(PostureCheck.TLS_WEAK_CIPHERS, PostureCheck.LOG_LINE_PREFIX);
    assertThat(report.passed())
        .doesNotContain(PostureCheck.TLS_WEAK_CIPHERS, PostureCheck.LOG_LINE_PREFIX);
  }

  @Test
  void aPgAuditPlaceholderWithoutTheLibraryIsNotPgAudit() {
    Map<String, String> settings = hardened();
    settings.remove("pgaudit.log");
    settings.put("shared_preload_libraries", "pg_stat_statements");
    assertThat(run(settings).found(PostureCheck.PGAUDIT_MISSING)).isTrue();
    assertThat(SettingChecks.preloadsPgAudit("pg_stat_statements, \"pgaudit\"")).isTrue();
  }

  @Test
  void weakTlsSettingsAreFound() {
    Map<String, String> settings = hardened();
    settings.put("ssl", "off");
    settings.put("ssl_min_protocol_version", "TLSv1.1");
    settings.put("ssl_ciphers", "ALL:RC4");
    PostureReport report = run(settings);
    assertThat(report.found(PostureCheck.TLS_OFF)).isTrue();
    assertThat(report.found(PostureCheck.TLS_MIN_PROTOCOL)).isTrue();
    assertThat(report.found(PostureCheck.TLS_WEAK_CIPHERS)).isTrue();
  }

  @Test
  void logStatementAnythingButNoneIsFound() {
    for (String value : List.of("ddl", "mod", "all")) {
      Map<String, String> settings = hardened();
      settings.put("log_statement", value);
      assertThat(run(settings).found(PostureCheck.LOG_STATEMENT)).as(value).isTrue();
    }
  }

  @Test
  void hbaRulesOnlyCountNetworkLines() {
    Audit audit = new Audit();
    HbaRules.evaluate(
        List.of(
            new String[] {"1", "local", "all", "all", "", "", "trust"},
            new String[] {
              "2", "hostssl", "all", "all", "127.0.0.1", "255.255.255.255", "scram-sha-256"
            },
            new String[] {"3", "host", "all", "all", "0.0.0.0", "0.0.0.0", "reject"},
            new String[] {"4", "hostssl", "db", "bob", "10.0.0.1", "", "md5"}),
        audit);
    PostureReport report = audit.report();
    assertThat(report.found(PostureCheck.HBA_TRUST)).isFalse();
    assertThat(report.found(PostureCheck.HBA_NOT_HOSTSSL)).isFalse();
    assertThat(report.found(PostureCheck.HBA_MD5)).isTrue();
    assertThat(report.findings().get(0).fix()).contains("hostssl db bob 10.0.0.1 scram-sha-256");
  }

  @Test
  void aPassphraseWrittenIntoTheCommandIsFoundWithoutShowingIt() {
    assertThat(SettingChecks.carriesPassphrase("echo s3cret")).isTrue();
    assertThat(SettingChecks.carriesPassphrase("/bin/echo -n s3cret")).isTrue();
    assertThat(SettingChecks.carriesPassphrase("sleep 0; printf '%s' s3cret")).isTrue();
    assertThat(SettingChecks.carriesPassphrase("cat <<< s3cret")).isTrue();
    assertThat(SettingChecks.carriesPassphrase("/usr/local/bin/key-pass %p")).isFalse();
    assertThat(SettingChecks.carriesPassphrase("cat /etc/postgresql/key.pass")).isFalse();
    assertThat(SettingChecks.carriesPassphrase("")).isFalse();
    Map<String, String> settings = hardened();
    settings.put("ssl_passphrase_command", "echo s3cret");
    PostureReport report = run(settings);
    assertThat(report.found(PostureCheck.TLS_PASSPHRASE_COMMAND)).isTrue();
    assertThat(report.findings().get(0).toString()).doesNotContain("s3cret");
    settings.remove("ssl_passphrase_command");
    assertThat(run(settings).skipped()).containsKey(PostureCheck.TLS_PASSPHRASE_COMMAND);
  }
}
