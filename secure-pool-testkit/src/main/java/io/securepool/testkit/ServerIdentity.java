package io.securepool.testkit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a test server presents in its TLS handshake: a leaf certificate, the CA that issued it, and
 * the leaf's private key.
 */
public final class ServerIdentity {

  private final X509Certificate certificate;
  private final X509Certificate issuer;
  private final PrivateKey privateKey;
  private final String privateKeyPem;

  ServerIdentity(
      X509Certificate certificate,
      X509Certificate issuer,
      PrivateKey privateKey,
      String privateKeyPem) {
    this.certificate = certificate;
    this.issuer = issuer;
    this.privateKey = privateKey;
    this.privateKeyPem = privateKeyPem;
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The leaf followed by its issuing CA. */
  public List<X509Certificate> chain() {
    return List.of(certificate, issuer);
  }

  /** The leaf certificate as PEM. */
  public String certificatePem() {
    return TestCertificates.pem(certificate);
  }

  /** The private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The private key as PKCS#8 PEM, as PostgreSQL reads it. */
  public String privateKeyPem() {
    return privateKeyPem;
  }

  @Override
  public String toString() {
    return "ServerIdentity[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
