package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.TestCertificates;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The host-name check read from the certificate alone. */
class HostNameCheckTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.generate();

  private static X509Certificate issuedFor(String... hosts) {
    return CERTIFICATES.issue(hosts).certificate();
  }

  @Test
  void ipAddressesMatchOnlyIpEntries() {
    X509Certificate standby = issuedFor("127.0.0.3");
    assertThat(HostNameCheck.names(standby, "127.0.0.3")).isTrue();
    assertThat(HostNameCheck.names(standby, "127.0.0.1")).isFalse();
    assertThat(HostNameCheck.names(issuedFor("localhost"), "127.0.0.1")).isFalse();
    assertThat(HostNameCheck.names(issuedFor("::1"), "[::1]")).isTrue();
    assertThat(HostNameCheck.names(issuedFor("::1"), "[0:0:0:0:0:0:0:1]")).isTrue();
  }

  @Test
  void dnsNamesMatchExactlyOrOneWildcardLabel() {
    assertThat(HostNameCheck.names(issuedFor("db1.example.com"), "DB1.example.com.")).isTrue();
    assertThat(HostNameCheck.names(issuedFor("db1.example.com"), "db2.example.com")).isFalse();
    assertThat(HostNameCheck.names(issuedFor("*.example.com"), "db2.example.com")).isTrue();
    assertThat(HostNameCheck.names(issuedFor("*.example.com"), "a.db2.example.com")).isFalse();
    assertThat(HostNameCheck.names(issuedFor("*.example.com"), "example.com")).isFalse();
    assertThat(HostNameCheck.names(issuedFor("localhost", "127.0.0.1"), "localhost")).isTrue();
  }

  @Test
  void aNameIsNeverResolvedToMatchAnAddress() {
    // localhost resolves to 127.0.0.1, but a certificate for the address does not name the name.
    assertThat(HostNameCheck.names(issuedFor("127.0.0.1"), "localhost")).isFalse();
  }
}
