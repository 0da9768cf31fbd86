package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.testkit.ServerCertificate;
import io.securepool.testkit.ServerIdentity;
import io.securepool.testkit.TestCertificates;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

class PinningTrustManagerTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.generate();

  private static PinningTrustManager trusting(List<SpkiPin> pins) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", CERTIFICATES.caCertificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return new PinningTrustManager(
        (X509ExtendedTrustManager) factory.getTrustManagers()[0],
        List.of(CERTIFICATES.caCertificate()),
        pins);
  }

  private static X509Certificate[] chainOf(ServerIdentity server, X509Certificate... extra) {
    X509Certificate[] chain = new X509Certificate[1 + extra.length];
    chain[0] = server.certificate();
    System.arraycopy(extra, 0, chain, 1, extra.length);
    return chain;
  }

  @Test
  void leafPinAndAnchorPinBothMatchTheVerifiedPath() throws Exception {
    ServerIdentity server = CERTIFICATES.server(ServerCertificate.VALID);
    assertThatCode(
            () ->
                trusting(List.of(SpkiPin.of(server.certificate())))
                    .checkServerTrusted(chainOf(server), "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                trusting(List.of(SpkiPin.of(CERTIFICATES.caCertificate())))
                    .checkServerTrusted(chainOf(server), "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
  }

  @Test
  void anAppendedCertificateOffThePathNeverSatisfiesAPin() throws Exception {
    ServerIdentity server = CERTIFICATES.server(ServerCertificate.VALID);
    ServerIdentity pinnedElsewhere = CERTIFICATES.issue("pinned.example");
    PinningTrustManager manager = trusting(List.of(SpkiPin.of(pinnedElsewhere.certificate())));
    assertThatThrownBy(
            () ->
                manager.checkServerTrusted(
                    chainOf(server, pinnedElsewhere.certificate()), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateRefusal.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((CertificateRefusal) e).rule().id())
                    .isEqualTo("SP-TLS-PIN"));
  }

  @Test
  void untrustedChainIsClassifiedBeforePinsAreLookedAt() throws Exception {
    ServerIdentity impostor = CERTIFICATES.server(ServerCertificate.WRONG_CA);
    assertThatThrownBy(
            () ->
                trusting(List.of(SpkiPin.of(impostor.certificate())))
                    .checkServerTrusted(chainOf(impostor), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateRefusal.class)
        .hasMessageContaining("does not chain to the pinned CA");
  }

  @Test
  void pinFormatIsExplained() {
    assertThatThrownBy(() -> SpkiPin.parse("sha1/abc")).hasMessageContaining("sha256/");
    assertThatThrownBy(() -> SpkiPin.parse("sha256/not base64!")).hasMessageContaining("Base64");
    assertThatThrownBy(() -> SpkiPin.parse("sha256/AAAA")).hasMessageContaining("32");
  }
}
