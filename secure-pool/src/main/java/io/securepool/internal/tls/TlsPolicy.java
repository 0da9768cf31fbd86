package io.securepool.internal.tls;

import io.securepool.api.SecurityRule;
import io.securepool.api.TlsPolicyException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.Refusals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS half of the physical-connect path, built once per data source: the pinned CA held in
 * memory (never the JVM or OS trust store, never {@code ~/.postgresql/root.crt}), optional SPKI
 * pins, the protocols allowed, and the socket factory pgjdbc is handed.
 */
public final class TlsPolicy {

  /**
   * The cipher suites offered, whatever the JVM's security properties enable: TLS 1.3's, and for
   * TLS 1.2 only ephemeral elliptic-curve key exchange with an AEAD cipher (forward secrecy, no CBC
   * padding oracles). A {@code java.security} override that re-enables {@code TLS_RSA_*}, CBC or
   * 3DES suites cannot widen the offer.
   */
  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final SSLSocketFactory socketFactory;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final String minimumProtocol;

  private TlsPolicy(
      SSLSocketFactory socketFactory,
      String[] protocols,
      String[] cipherSuites,
      String minimumProtocol) {
    this.socketFactory = socketFactory;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
    this.minimumProtocol = minimumProtocol;
  }

  /** Loads the CA and pins named by the configuration and builds the TLS context. */
  public static TlsPolicy from(SecurePoolConfig config) throws TlsPolicyException {
    String pool = config.get(Setting.POOL_NAME);
    String pem = readCa(config, pool);
    List<X509Certificate> anchors;
    try {
      anchors = PemCertificates.parse(pem);
    } catch (IOException | GeneralSecurityException e) {
      throw Refusals.tls(
          SecurityRule.TLS_CA,
          pool,
          "cannot read the pinned CA",
          "it is not PEM-encoded X.509 certificates (" + e.getMessage() + ")",
          "give the CA certificate(s) that issue the server's certificate, PEM-encoded",
          e);
    }
    if (anchors.isEmpty()) {
      throw Refusals.tls(
          SecurityRule.TLS_CA,
          pool,
          "the pinned CA holds no certificate",
          "without a CA no server can be verified",
          "give the CA certificate(s) that issue the server's certificate, PEM-encoded",
          null);
    }
    List<SpkiPin> pins = new ArrayList<>();
    for (String pin : config.list(Setting.TLS_SPKI_PINS)) {
      try {
        pins.add(SpkiPin.parse(pin));
      } catch (IllegalArgumentException e) {
        throw Refusals.tls(
            SecurityRule.TLS_PIN_FORMAT,
            pool,
            "refused a value of tls.spki-pins",
            e.getMessage(),
            "write each pin as sha256/ followed by 44 Base64 characters",
            null);
      }
    }
    String minimum = config.get(Setting.TLS_MIN_PROTOCOL);
    String[] protocols =
        "TLSv1.3".equals(minimum) ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        trustStore.setCertificateEntry("pinned-ca-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(trustStore);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager) {
          pkix = (X509ExtendedTrustManager) manager;
        }
      }
      if (pkix == null) {
        throw new GeneralSecurityException("the JDK offers no PKIX X509ExtendedTrustManager");
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {new PinningTrustManager(pkix, anchors, pins)},
          new SecureRandom());
      List<String> supported = List.of(context.getSupportedSSLParameters().getCipherSuites());
      List<String> suites = new ArrayList<>();
      for (String suite : CIPHER_SUITES) {
        if (supported.contains(suite)) {
          suites.add(suite);
        }
      }
      if (suites.isEmpty()) {
        throw new GeneralSecurityException(
            "the JDK's TLS provider supports none of the AEAD, forward-secret cipher suites");
      }
      return new TlsPolicy(
          context.getSocketFactory(), protocols, suites.toArray(new String[0]), minimum);
    } catch (GeneralSecurityException | IOException e) {
      throw Refusals.tls(
          SecurityRule.TLS_CA,
          pool,
          "cannot build a TLS context from the pinned CA",
          e.getMessage(),
          "check that the CA file holds valid CA certificates",
          e);
    }
  }

  private static String readCa(SecurePoolConfig config, String pool) throws TlsPolicyException {
    int sources = 0;
    for (Setting setting :
        List.of(Setting.TLS_CA_FILE, Setting.TLS_CA_RESOURCE, Setting.TLS_CA_PEM)) {
      if (config.get(setting) != null) {
        sources++;
      }
    }
    if (sources != 1) {
      throw Refusals.tls(
          SecurityRule.TLS_CA,
          pool,
          sources == 0 ? "no CA is pinned" : "more than one CA source is set",
          "every connection is verified against exactly one pinned CA bundle; the JVM and OS"
              + " trust stores are never used",
          "set exactly one of tls.ca-file, tls.ca-resource or tls.ca-pem",
          null);
    }
    if (config.get(Setting.TLS_CA_PEM) != null) {
      return config.get(Setting.TLS_CA_PEM);
    }
    if (config.get(Setting.TLS_CA_FILE) != null) {
      Path file = Paths.get(config.get(Setting.TLS_CA_FILE));
      try {
        return PemCertificates.readFile(file);
      } catch (PemCertificates.UnusableFile e) {
        // Missing, unreadable, not a regular file, too large, or neither PEM nor DER: the message
        // says which (ConfigFile), the fix what to point tls.ca-file at.
        throw Refusals.tls(
            SecurityRule.TLS_CA, pool, "cannot use the CA file " + file, e.getMessage(), e.fix, e);
      }
    }
    String resource = config.get(Setting.TLS_CA_RESOURCE);
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TlsPolicy.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw Refusals.tls(
            SecurityRule.TLS_CA,
            pool,
            "the class-path resource " + resource + " does not exist",
            "no connection can be verified without the pinned CA",
            "package the CA's PEM file with the application, or use tls.ca-file",
            null);
      }
      return PemCertificates.readStream(in, "the class-path resource " + resource);
    } catch (PemCertificates.UnusableFile e) {
      throw Refusals.tls(
          SecurityRule.TLS_CA, pool, "cannot use " + resource, e.getMessage(), e.fix, e);
    } catch (IOException e) {
      throw Refusals.tls(
          SecurityRule.TLS_CA,
          pool,
          "cannot read the class-path resource " + resource,
          e.getMessage(),
          "check the application's packaging",
          e);
    }
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  String[] protocols() {
    return protocols.clone();
  }

  String[] cipherSuites() {
    return cipherSuites.clone();
  }

  /** Whether a negotiated cipher suite is one the policy offers. */
  public boolean offers(String cipherSuite) {
    return List.of(cipherSuites).contains(cipherSuite);
  }

  /** The lowest protocol accepted, e.g. {@code TLSv1.2}. */
  public String minimumProtocol() {
    return minimumProtocol;
  }
}
