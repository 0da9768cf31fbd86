package io.securepool.internal.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import io.securepool.testkit.ServerCertificate;
import io.securepool.testkit.TestCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks fed by the handshake and the pool rather than the catalogs: certificate expiry and
 * {@code max_connections} against the pool, as pure functions.
 */
class InputChecksTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.generate();

  private static PostureReport certificates(List<X509Certificate> chain, Instant now) {
    Audit audit = new Audit();
    CertificateChecks.run(
        AuditInputs.none().certificates(chain, Duration.ofDays(30)).at(now), audit);
    return audit.report();
  }

  private static PostureReport budget(Map<String, String> settings, int poolSize, int replicas) {
    Audit audit = new Audit();
    ConnectionBudget.run(
        VisibleSettings.of(settings), AuditInputs.none().pool(poolSize, replicas), audit);
    return audit.report();
  }

  @Test
  void aCertificateWithinTheWindowIsFoundByItsSubject() {
    List<X509Certificate> chain = CERTIFICATES.server(ServerCertificate.NEAR_EXPIRY).chain();
    PostureReport report = certificates(chain, Instant.now());
    assertThat(report.found(PostureCheck.TLS_CERTIFICATE_EXPIRY)).isTrue();
    Finding finding = report.findings().get(0);
    assertThat(finding.what()).contains("CN=localhost").contains("within 30 days");
    assertThat(finding.locations())
        .containsExactly(Location.of(Location.Kind.CERTIFICATE, "CN=localhost"));
  }

  @Test
  void aCertificateOutsideTheWindowPassesUntilTheWindowReachesIt() {
    List<X509Certificate> chain = CERTIFICATES.server(ServerCertificate.VALID).chain();
    assertThat(certificates(chain, Instant.now()).passed())
        .contains(PostureCheck.TLS_CERTIFICATE_EXPIRY);
    Instant lateInItsLife = chain.get(0).getNotAfter().toInstant().minus(Duration.ofDays(29));
    assertThat(certificates(chain, lateInItsLife).found(PostureCheck.TLS_CERTIFICATE_EXPIRY))
        .isTrue();
  }

  @Test
  void noHandshakeMeansSkippedNotPassed() {
    assertThat(certificates(List.of(), Instant.now()).skipped())
        .containsKey(PostureCheck.TLS_CERTIFICATE_EXPIRY);
  }

  @Test
  void poolsBeyondWhatMaxConnectionsLeavesAreFound() {
    Map<String, String> settings =
        Map.of("max_connections", "20", "superuser_reserved_connections", "3");
    assertThat(budget(settings, 10, 1).passed()).contains(PostureCheck.MAX_CONNECTIONS);
    assertThat(budget(settings, 17, 1).passed()).contains(PostureCheck.MAX_CONNECTIONS);
    PostureReport over = budget(settings, 10, 2);
    assertThat(over.found(PostureCheck.MAX_CONNECTIONS)).isTrue();
    assertThat(over.findings().get(0).what()).contains("= 20 connections").contains("leaves 17");
    assertThat(over.findings().get(0).locations())
        .contains(Location.of(Location.Kind.POOL_SETTING, "pool.maximum-size"));
  }

  @Test
  void reservedConnectionsCountOnPostgres16() {
    Map<String, String> settings =
        Map.of(
            "max_connections", "20",
            "superuser_reserved_connections", "3",
            "reserved_connections", "5");
    assertThat(budget(settings, 13, 1).found(PostureCheck.MAX_CONNECTIONS)).isTrue();
    assertThat(budget(settings, 12, 1).passed()).contains(PostureCheck.MAX_CONNECTIONS);
  }

  @Test
  void withoutAPoolSizeTheBudgetIsSkipped() {
    assertThat(budget(Map.of("max_connections", "20"), 0, 1).skipped())
        .containsKey(PostureCheck.MAX_CONNECTIONS);
  }
}
