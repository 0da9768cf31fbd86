package io.securepool.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of one test run, generated with Bouncy Castle: a test CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1} signed by it, an unrelated "wrong" CA, and the server
 * certificates that TLS refusal tests need (signed by the wrong CA, expired, issued for another
 * host name).
 *
 * <p>Keys are EC P-256: generating them takes milliseconds, so every run gets fresh ones and no
 * private key is ever checked in.
 */
public final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Authority ca;
  private final Authority wrongCa;
  private final ServerIdentity valid;
  private final ServerIdentity nearExpiry;
  private final ServerIdentity signedByWrongCa;
  private final ServerIdentity expired;
  private final ServerIdentity otherHost;

  private TestCertificates() {
    Instant now = Instant.now();
    ca = Authority.create("CN=secure-pool test CA", now);
    wrongCa = Authority.create("CN=secure-pool unrelated CA", now);
    Instant notBefore = now.minus(Duration.ofHours(1));
    Instant notAfter = now.plus(Duration.ofDays(2));
    // A year, like a production certificate: the posture audit warns within 30 days of expiry.
    valid =
        ca.issue(
            "CN=localhost", notBefore, now.plus(Duration.ofDays(365)), "localhost", "127.0.0.1");
    nearExpiry =
        ca.issue("CN=localhost", notBefore, now.plus(Duration.ofDays(5)), "localhost", "127.0.0.1");
    signedByWrongCa = wrongCa.issue("CN=localhost", notBefore, notAfter, "localhost", "127.0.0.1");
    expired =
        ca.issue(
            "CN=localhost",
            now.minus(Duration.ofDays(30)),
            now.minus(Duration.ofDays(1)),
            "localhost",
            "127.0.0.1");
    otherHost = ca.issue("CN=db.other.example", notBefore, notAfter, "db.other.example");
  }

  /** Generates a fresh set of certificates and keys. */
  public static TestCertificates generate() {
    return new TestCertificates();
  }

  /** The test CA certificate as PEM: the one clients pin. */
  public String caPem() {
    return ca.certificatePem();
  }

  /** An unrelated CA certificate as PEM: pinning it must make every connection fail. */
  public String wrongCaPem() {
    return wrongCa.certificatePem();
  }

  /** The test CA certificate. */
  public X509Certificate caCertificate() {
    return ca.certificate;
  }

  /** The server identity of the given kind. */
  public ServerIdentity server(ServerCertificate kind) {
    switch (kind) {
      case VALID:
        return valid;
      case NEAR_EXPIRY:
        return nearExpiry;
      case WRONG_CA:
        return signedByWrongCa;
      case EXPIRED:
        return expired;
      case OTHER_HOST:
        return otherHost;
      default:
        throw new IllegalArgumentException("unknown server certificate kind " + kind);
    }
  }

  /**
   * Issues a new certificate from the test CA for the given host names and IP addresses, for
   * servers other than PostgreSQL (a Vault-compatible server, say).
   */
  public ServerIdentity issue(String... hosts) {
    Instant now = Instant.now();
    return ca.issue(
        "CN=" + hosts[0], now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), hosts);
  }

  /** A server-side {@link SSLContext} presenting the given identity. */
  public static SSLContext serverContext(ServerIdentity identity) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      char[] password = new char[0];
      keyStore.setKeyEntry(
          "server", identity.privateKey(), password, identity.chain().toArray(new Certificate[0]));
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a server TLS context", e);
    }
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC key pair", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }

  /** A certificate authority: its certificate and the key that signs with it. */
  private static final class Authority {
    private final X509Certificate certificate;
    private final KeyPair keys;

    private Authority(X509Certificate certificate, KeyPair keys) {
      this.certificate = certificate;
      this.keys = keys;
    }

    static Authority create(String subject, Instant now) {
      KeyPair keys = newKeyPair();
      X500Name name = new X500Name(subject);
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    name,
                    serial(),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    name,
                    keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return new Authority(sign(builder, keys.getPrivate()), keys);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot create a test CA", e);
      }
    }

    String certificatePem() {
      return pem(certificate);
    }

    ServerIdentity issue(String subject, Instant notBefore, Instant notAfter, String... hosts) {
      KeyPair serverKeys = newKeyPair();
      GeneralName[] names = new GeneralName[hosts.length];
      for (int i = 0; i < hosts.length; i++) {
        boolean ip = hosts[i].matches("[0-9.]+") || hosts[i].contains(":");
        names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hosts[i]);
      }
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    certificate,
                    serial(),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name(subject),
                    serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(certificate));
        X509Certificate leaf = sign(builder, keys.getPrivate());
        String keyPem = pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null));
        return new ServerIdentity(leaf, certificate, serverKeys.getPrivate(), keyPem);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot issue a test server certificate", e);
      }
    }
  }
}
