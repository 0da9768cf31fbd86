package io.securepool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class TestCertificatesTest {

  private final TestCertificates certificates = TestCertificates.generate();

  @Test
  void validServerCertificateIsSignedByTheTestCaForLocalhost() throws Exception {
    ServerIdentity server = certificates.server(ServerCertificate.VALID);
    server.certificate().verify(certificates.caCertificate().getPublicKey());
    server.certificate().checkValidity();
    assertThat(server.certificate().getSubjectAlternativeNames())
        .extracting(name -> String.valueOf(name.get(1)))
        .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void variantsAreWhatTheyClaim() throws Exception {
    assertThatThrownBy(
            () ->
                certificates
                    .server(ServerCertificate.WRONG_CA)
                    .certificate()
                    .verify(certificates.caCertificate().getPublicKey()))
        .isInstanceOf(java.security.SignatureException.class);
    assertThatThrownBy(
            () ->
                certificates
                    .server(ServerCertificate.EXPIRED)
                    .certificate()
                    .checkValidity(new Date()))
        .isInstanceOf(CertificateExpiredException.class);
    assertThat(
            certificates
                .server(ServerCertificate.OTHER_HOST)
                .certificate()
                .getSubjectAlternativeNames())
        .extracting(name -> String.valueOf(name.get(1)))
        .containsExactly("db.other.example");
    assertThat(certificates.wrongCaPem()).isNotEqualTo(certificates.caPem());
    X509Certificate soon = certificates.server(ServerCertificate.NEAR_EXPIRY).certificate();
    soon.verify(certificates.caCertificate().getPublicKey());
    soon.checkValidity();
    assertThat(soon.getNotAfter()).isBefore(Date.from(Instant.now().plus(Duration.ofDays(30))));
    assertThat(certificates.server(ServerCertificate.VALID).certificate().getNotAfter())
        .isAfter(Date.from(Instant.now().plus(Duration.ofDays(300))));
  }

  @Test
  void eachRunGetsFreshKeys() {
    assertThat(TestCertificates.generate().caPem()).isNotEqualTo(certificates.caPem());
  }
}
