package io.securepool.internal.tls;

import io.securepool.api.SecurityRule;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the pinned CA (a PKIX trust manager over an in-memory key store holding only it)
 * and, when pins are configured, also requires one of them to match a public key in the chain the
 * server presented or the anchor it chains to. Failures are classified into rule ids.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager pkix;
  private final List<X509Certificate> anchors;
  private final List<SpkiPin> pins;

  PinningTrustManager(
      X509ExtendedTrustManager pkix, List<X509Certificate> anchors, List<SpkiPin> pins) {
    this.pkix = pkix;
    this.anchors = List.copyOf(anchors);
    this.pins = List.copyOf(pins);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType, socket);
      checkStrength(chain);
      checkPins(chain);
    } catch (CertificateException e) {
      CertificateRefusal refusal = classify(e);
      // With several hosts, pgjdbc swallows this refusal and tries the next host: remember it so
      // the pool can report the host it skipped.
      PinnedSslSocketFactory.refused(socket, refusal.rule().id());
      throw refusal;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw classify(e);
    }
    checkStrength(chain);
    checkPins(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw classify(e);
    }
    checkStrength(chain);
    checkPins(chain);
  }

  /**
   * The policy's floor for what PKIX accepted, independent of the JVM's {@code
   * jdk.certpath.disabledAlgorithms} (which refuses SHA-1 only under the JDK's own root CAs, never
   * under a pinned one): every certificate the server presented, the pinned anchors aside, must be
   * signed with neither MD5 nor SHA-1 and carry an RSA or DSA key of at least 2048 bits or an EC
   * key of at least 256 bits.
   */
  private void checkStrength(X509Certificate[] chain) throws CertificateRefusal {
    for (X509Certificate certificate : signaturePath(chain)) {
      if (anchors.contains(certificate)) {
        continue;
      }
      String signature = certificate.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
      if (signature.contains("MD5")
          || signature.contains("MD2")
          || signature.matches(".*SHA-?1(WITH|$).*")) {
        throw weak(
            certificate, "is signed with " + certificate.getSigAlgName() + ", which can be forged");
      }
      java.security.PublicKey key = certificate.getPublicKey();
      int bits = keyBits(key);
      int floor = key instanceof java.security.interfaces.ECKey ? 256 : 2048;
      if (bits >= 0 && bits < floor) {
        throw weak(
            certificate,
            "carries a " + bits + "-bit " + key.getAlgorithm() + " key (at least " + floor + ")");
      }
    }
  }

  private static int keyBits(java.security.PublicKey key) {
    if (key instanceof java.security.interfaces.RSAKey) {
      return ((java.security.interfaces.RSAKey) key).getModulus().bitLength();
    }
    if (key instanceof java.security.interfaces.DSAKey) {
      return ((java.security.interfaces.DSAKey) key).getParams().getP().bitLength();
    }
    if (key instanceof java.security.interfaces.ECKey) {
      return ((java.security.interfaces.ECKey) key)
          .getParams()
          .getCurve()
          .getField()
          .getFieldSize();
    }
    return -1; // EdDSA and others: fixed strengths the JDK accepts only when sound
  }

  private static CertificateRefusal weak(X509Certificate certificate, String what) {
    return new CertificateRefusal(
        SecurityRule.TLS_WEAK_CERTIFICATE,
        "a certificate on the server's path ("
            + certificate.getSubjectX500Principal().getName().replaceAll("[\\p{Cntrl}]", "?")
            + ") "
            + what,
        null);
  }

  private void checkPins(X509Certificate[] chain) throws CertificateRefusal {
    if (pins.isEmpty()) {
      return;
    }
    for (X509Certificate certificate : signaturePath(chain)) {
      for (SpkiPin pin : pins) {
        if (pin.matches(certificate)) {
          return;
        }
      }
    }
    throw new CertificateRefusal(
        SecurityRule.TLS_PIN,
        "no public key on the server's certificate path matches a configured pin (server key "
            + SpkiPin.of(chain[0])
            + ")",
        null);
  }

  /**
   * The path PKIX accepted, rebuilt by signatures: from the leaf, each next certificate is one
   * (presented or pinned) whose subject is the current issuer and whose key verifies the current
   * signature, until a pinned anchor is reached.
   */
  private List<X509Certificate> signaturePath(X509Certificate[] chain) {
    List<X509Certificate> path = new ArrayList<>();
    List<X509Certificate> candidates = new ArrayList<>(Arrays.asList(chain));
    candidates.addAll(anchors);
    X509Certificate current = chain[0];
    path.add(current);
    while (!anchors.contains(current) && path.size() <= candidates.size()) {
      X509Certificate issuer = issuerOf(current, candidates);
      if (issuer == null || path.contains(issuer)) {
        break;
      }
      path.add(issuer);
      current = issuer;
    }
    return path;
  }

  private static X509Certificate issuerOf(
      X509Certificate certificate, List<X509Certificate> candidates) {
    for (X509Certificate candidate : candidates) {
      if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
          && !candidate.equals(certificate)) {
        try {
          certificate.verify(candidate.getPublicKey());
          return candidate;
        } catch (GeneralSecurityException e) {
          // Not this one: same name, different key.
        }
      }
    }
    return null;
  }

  static CertificateRefusal classify(CertificateException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateRefusal) {
        return (CertificateRefusal) cause;
      }
      if (cause instanceof CertificateExpiredException
          || cause instanceof CertificateNotYetValidException) {
        return new CertificateRefusal(
            SecurityRule.TLS_EXPIRED,
            "the server's certificate is outside its validity period",
            failure);
      }
      if (cause instanceof CertPathValidatorException) {
        CertPathValidatorException.Reason reason = ((CertPathValidatorException) cause).getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED
            || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
          return new CertificateRefusal(
              SecurityRule.TLS_EXPIRED,
              "the server's certificate is outside its validity period",
              failure);
        }
      }
      String message = cause.getMessage();
      if (message != null
          && (message.contains("subject alternative") || message.contains("No name matching"))) {
        return new CertificateRefusal(
            SecurityRule.TLS_HOSTNAME,
            "the server's certificate is not issued for the host name connected to",
            failure);
      }
    }
    return new CertificateRefusal(
        SecurityRule.TLS_UNTRUSTED,
        "the server's certificate does not chain to the pinned CA",
        failure);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return anchors.toArray(new X509Certificate[0]);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("secure-pool only ever acts as a TLS client");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("secure-pool only ever acts as a TLS client");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("secure-pool only ever acts as a TLS client");
  }
}
