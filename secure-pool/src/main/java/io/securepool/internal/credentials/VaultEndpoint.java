package io.securepool.internal.credentials;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.securepool.config.Setting;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where Vault is and how to reach it: the addresses of its nodes ({@link VaultNodes}: failover and
 * a standby's redirects), the namespace, TLS trusting only the pinned CA, and timeouts that are
 * always set. Builds one vault-java-driver instance per token, addressed to the first node; the
 * shared HTTP client sends each request to the node that answers.
 *
 * <p>Works around three things in vault-java-driver 6.2.1: {@code VaultConfig.build()} and {@code
 * SslConfig.build()} read {@code VAULT_TOKEN}, {@code VAULT_SSL_VERIFY} and {@code VAULT_SSL_CERT}
 * from the environment when a value is unset (an environment variable could switch verification
 * off), so both get an environment that is always empty; {@code SslConfig.pemUTF8} loads only the
 * first certificate of a bundle, so the CA bundle goes in as a trust store; and every call would
 * create a new {@code HttpClient}, so one client is shared (lease calls still build their own from
 * the same {@code SslConfig}, which is why secure-pool never uses them).
 *
 * <p>The shared client reads at most {@code maxResponseBytes} of any answer ({@link
 * BoundedHttpClient}): the driver itself reads every body whole into memory.
 */
public final class VaultEndpoint {

  private final String address;
  private final String description;
  private final VaultNodes nodes;
  private final String namespace;
  private final KeyStore trustStore;
  private final HttpClient http;
  private final int openTimeoutSeconds;
  private final int readTimeoutSeconds;
  private final Duration readTimeout;
  private final SeenSecrets seen = new SeenSecrets();

  /** The default limit on one answer's body: Vault's answers are a few KiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES =
      Setting.VAULT_MAX_RESPONSE_BYTES.defaultLong();

  /**
   * An endpoint over HTTPS trusting only {@code caPem}, or plain HTTP when {@code caPem} is {@code
   * null} (loopback development only; the caller decides).
   *
   * @throws GeneralSecurityException when the CA cannot be read
   */
  public VaultEndpoint(
      String address, String namespace, String caPem, Duration openTimeout, Duration readTimeout)
      throws GeneralSecurityException {
    this(address, namespace, caPem, openTimeout, readTimeout, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** The same, reading at most {@code maxResponseBytes} of any answer. */
  public VaultEndpoint(
      String address,
      String namespace,
      String caPem,
      Duration openTimeout,
      Duration readTimeout,
      long maxResponseBytes)
      throws GeneralSecurityException {
    this(
        List.of(address),
        List.of(),
        DEFAULT_MAX_REDIRECTS,
        namespace,
        caPem,
        openTimeout,
        readTimeout,
        maxResponseBytes);
  }

  /** Redirects followed per request by default: a standby names the active node in one hop. */
  public static final int DEFAULT_MAX_REDIRECTS = Setting.VAULT_REDIRECT_MAX_HOPS.defaultInt();

  /**
   * An endpoint over several addresses of one Vault cluster, failing over between them, following a
   * standby's redirect at most {@code maxRedirects} times and only to a configured address or one
   * matching {@code redirectHosts} ({@link VaultNodes}).
   */
  public VaultEndpoint(
      List<String> addresses,
      List<String> redirectHosts,
      int maxRedirects,
      String namespace,
      String caPem,
      Duration openTimeout,
      Duration readTimeout,
      long maxResponseBytes)
      throws GeneralSecurityException {
    this.nodes = new VaultNodes(addresses, redirectHosts, maxRedirects);
    this.address = addresses.get(0);
    this.description = String.join(",", addresses);
    this.namespace = namespace == null || namespace.isBlank() ? null : namespace;
    // The driver takes whole seconds; rounded up here, and the HTTP client applies both timeouts
    // exactly (the connect timeout as its own, the read timeout on every request it sends).
    this.openTimeoutSeconds = wholeSecondsAtLeast(openTimeout);
    this.readTimeoutSeconds = wholeSecondsAtLeast(readTimeout);
    this.readTimeout = readTimeout;
    HttpClient.Builder client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(openTimeout);
    if (caPem != null) {
      this.trustStore = trustStore(caPem);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      client.sslContext(context).sslParameters(parameters);
    } else {
      this.trustStore = null;
    }
    this.http = new BoundedHttpClient(client.build(), maxResponseBytes, nodes, readTimeout);
  }

  private static int wholeSecondsAtLeast(Duration timeout) {
    long seconds = timeout.toSeconds() + (timeout.getNano() > 0 ? 1 : 0);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
  }

  /** The certificates of a PEM bundle as a trust store, every one of them. */
  static KeyStore trustStore(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("the Vault CA PEM holds no certificate");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    List<Certificate> list = new ArrayList<>(certificates);
    for (int i = 0; i < list.size(); i++) {
      store.setCertificateEntry("vault-ca-" + i, list.get(i));
    }
    return store;
  }

  /** The addresses, comma-separated, for descriptions. */
  public String address() {
    return description;
  }

  /** The namespace, or {@code null}. */
  String namespace() {
    return namespace;
  }

  /** The read timeout: the longest a single Vault call may take. */
  Duration readTimeout() {
    return readTimeout;
  }

  /**
   * {@code text} when it quotes none of the secrets this endpoint has handled (tokens, the secret
   * id, the JWT, passwords), else {@code withheld}: for messages built from configuration, which a
   * secret may have been pasted into.
   */
  String shown(String text, String withheld) {
    return Redaction.quotesSecret(text, seen.all()) ? withheld : text;
  }

  /** The calls for {@code token}, or for logins only when {@code token} is {@code null}. */
  VaultClient client(String token) throws VaultCallException {
    seen.add(token);
    return new VaultClient(vault(token), token, seen);
  }

  /**
   * A driver instance with engine version 1 (no KV path rewriting) for {@code token}, or for logins
   * only when {@code token} is {@code null}. One config per token, never shared or mutated.
   */
  private Vault vault(String token) throws VaultCallException {
    try {
      VaultConfig config =
          new VaultConfig()
              .environmentLoader(NoEnvironment.INSTANCE)
              .address(address)
              .engineVersion(1)
              .openTimeout(openTimeoutSeconds)
              .readTimeout(readTimeoutSeconds)
              .httpClient(http);
      if (trustStore != null) {
        config.sslConfig(new PinnedSslConfig(trustStore).build());
      }
      if (namespace != null) {
        config.nameSpace(namespace);
      }
      if (token != null) {
        config.token(token);
      }
      return Vault.create(config.build());
    } catch (VaultException e) {
      throw new VaultCallException(
          "cannot configure the Vault client (" + e.getClass().getSimpleName() + ")", 0, null);
    }
  }

  /** An environment with no variables: every setting is explicit. */
  private static final class NoEnvironment extends EnvironmentLoader {
    private static final long serialVersionUID = 1L;
    static final NoEnvironment INSTANCE = new NoEnvironment();

    @Override
    public String loadVariable(String name) {
      return null;
    }
  }

  /** Verification on, the pinned CA bundle as trust store, no environment. */
  private static final class PinnedSslConfig extends SslConfig {
    private static final long serialVersionUID = 1L;

    PinnedSslConfig(KeyStore trustStore) {
      environmentLoader(NoEnvironment.INSTANCE);
      verify(true);
      trustStore(trustStore);
    }
  }
}
