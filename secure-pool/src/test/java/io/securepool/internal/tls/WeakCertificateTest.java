package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The JDK refuses SHA-1 certificates only under its own root CAs; under a pinned CA it accepts
 * them, and keys down to 1024 bits. The policy's floor: no MD5 or SHA-1 signature and no short key
 * on the path the server presents, whichever CA is pinned.
 */
class WeakCertificateTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve), RANDOM);
    return generator.generateKeyPair();
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits, RANDOM);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      X500Name issuer,
      X500Name subject,
      KeyPair subjectKeys,
      java.security.PrivateKey signer,
      String algorithm,
      boolean ca)
      throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                subjectKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(
                  KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(new GeneralName(GeneralName.dNSName, "db.internal")));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
  }

  /** A pinned CA (SHA-256, P-256) and a manager trusting only it. */
  private static final class Pinned {
    final KeyPair keys;
    final X509Certificate certificate;
    final PinningTrustManager manager;

    Pinned() throws Exception {
      keys = ec("secp256r1");
      X500Name name = new X500Name("CN=Pinned Test CA");
      certificate =
          WeakCertificateTest.certificate(
              name, name, keys, keys.getPrivate(), "SHA256withECDSA", true);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      manager =
          new PinningTrustManager(
              (X509ExtendedTrustManager) factory.getTrustManagers()[0],
              List.of(certificate),
              List.of());
    }

    X509Certificate leaf(KeyPair leafKeys, String algorithm) throws Exception {
      return WeakCertificateTest.certificate(
          new X500Name("CN=Pinned Test CA"),
          new X500Name("CN=db.internal"),
          leafKeys,
          keys.getPrivate(),
          algorithm,
          false);
    }
  }

  @Test
  void aSha1SignedServerCertificateUnderThePinnedCaIsRefused() throws Exception {
    Pinned pinned = new Pinned();
    X509Certificate leaf = pinned.leaf(ec("secp256r1"), "SHA1withECDSA");
    assertThatThrownBy(
            () -> pinned.manager.checkServerTrusted(new X509Certificate[] {leaf}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateRefusal.class)
        .satisfies(
            e ->
                assertThat(((CertificateRefusal) e).rule().id())
                    .isEqualTo("SP-TLS-WEAK-CERTIFICATE"))
        .hasMessageContaining("SHA1withECDSA");
  }

  @Test
  void shortKeysUnderThePinnedCaAreRefused() throws Exception {
    Pinned pinned = new Pinned();
    for (KeyPair keys : List.of(rsa(1024))) {
      X509Certificate leaf = pinned.leaf(keys, "SHA256withECDSA");
      assertThatThrownBy(
              () ->
                  pinned.manager.checkServerTrusted(
                      new X509Certificate[] {leaf},
                      keys.getPublic().getAlgorithm().equals("RSA") ? "ECDHE_RSA" : "ECDHE_ECDSA"))
          .as(keys.getPublic().getAlgorithm())
          .isInstanceOf(CertificateRefusal.class)
          .satisfies(
              e ->
                  assertThat(((CertificateRefusal) e).rule().id())
                      .isEqualTo("SP-TLS-WEAK-CERTIFICATE"))
          .hasMessageContaining("-bit");
    }
  }

  @Test
  void soundCertificatesUnderThePinnedCaAreAccepted() throws Exception {
    Pinned pinned = new Pinned();
    X509Certificate ecLeaf = pinned.leaf(ec("secp256r1"), "SHA256withECDSA");
    assertThatCode(
            () -> pinned.manager.checkServerTrusted(new X509Certificate[] {ecLeaf}, "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
    X509Certificate rsaLeaf = pinned.leaf(rsa(2048), "SHA384withECDSA");
    assertThatCode(
            () -> pinned.manager.checkServerTrusted(new X509Certificate[] {rsaLeaf}, "ECDHE_RSA"))
        .doesNotThrowAnyException();
  }
}
