package io.securepool.internal.jdbc;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the connect pipeline established about one physical connection: the negotiated TLS session,
 * the login role, the backend pid. Read by the {@code check} command, events and correlation; never
 * holds a secret.
 */
public final class ConnectionFacts {

  private final String tlsProtocol;
  private final String cipherSuite;
  private final String channelBinding;
  private final String serverVersion;
  private final String role;
  private final Map<String, Boolean> roleAttributes;
  private final int backendPid;
  private final String applicationName;
  private final String leaseId;
  private final List<X509Certificate> serverCertificates;

  /** Creates the facts of one connection made with unleased credentials. */
  public ConnectionFacts(
      String tlsProtocol,
      String cipherSuite,
      String channelBinding,
      String serverVersion,
      String role,
      Map<String, Boolean> roleAttributes,
      int backendPid,
      String applicationName) {
    this(
        tlsProtocol,
        cipherSuite,
        channelBinding,
        serverVersion,
        role,
        roleAttributes,
        backendPid,
        applicationName,
        null);
  }

  /** Creates the facts of one connection; {@code leaseId} is {@code null} for unleased ones. */
  public ConnectionFacts(
      String tlsProtocol,
      String cipherSuite,
      String channelBinding,
      String serverVersion,
      String role,
      Map<String, Boolean> roleAttributes,
      int backendPid,
      String applicationName,
      String leaseId) {
    this(
        tlsProtocol,
        cipherSuite,
        channelBinding,
        serverVersion,
        role,
        roleAttributes,
        backendPid,
        applicationName,
        leaseId,
        List.of());
  }

  /**
   * Creates the facts of one connection, with the certificate chain the server presented and the
   * pinned CA verified (leaf first).
   */
  public ConnectionFacts(
      String tlsProtocol,
      String cipherSuite,
      String channelBinding,
      String serverVersion,
      String role,
      Map<String, Boolean> roleAttributes,
      int backendPid,
      String applicationName,
      String leaseId,
      List<X509Certificate> serverCertificates) {
    this.serverCertificates = List.copyOf(serverCertificates);
    this.tlsProtocol = tlsProtocol;
    this.cipherSuite = cipherSuite;
    this.channelBinding = channelBinding;
    this.serverVersion = serverVersion;
    this.role = role;
    this.roleAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(roleAttributes));
    this.backendPid = backendPid;
    this.applicationName = applicationName;
    this.leaseId = leaseId;
  }

  /**
   * The credential lease the connection logged in with (a Vault lease id, or a version id for
   * static roles and KV secrets), or {@code null} for unleased credentials. Not a secret.
   */
  public String leaseId() {
    return leaseId;
  }

  /** The certificates the server presented in the handshake, leaf first; public, not secret. */
  public List<X509Certificate> serverCertificates() {
    return serverCertificates;
  }

  /** The negotiated protocol, e.g. {@code TLSv1.3}. */
  public String tlsProtocol() {
    return tlsProtocol;
  }

  /** The negotiated cipher suite. */
  public String cipherSuite() {
    return cipherSuite;
  }

  /**
   * {@code required} when SCRAM channel binding was required (and so used: the login fails
   * otherwise), {@code preferred} when it was only preferred.
   */
  public String channelBinding() {
    return channelBinding;
  }

  /** The server's version, from its start-up parameters. */
  public String serverVersion() {
    return serverVersion;
  }

  /** The login role. */
  public String role() {
    return role;
  }

  /** The login role's attributes as the role guard read them ({@code rolsuper}, …). */
  public Map<String, Boolean> roleAttributes() {
    return roleAttributes;
  }

  /** The backend process id, for joining with the server's log. */
  public int backendPid() {
    return backendPid;
  }

  /** The application_name sent at connect time. */
  public String applicationName() {
    return applicationName;
  }

  /** The facts as event attributes. */
  public Map<String, String> asAttributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("tls.protocol", tlsProtocol);
    attributes.put("tls.cipher", cipherSuite);
    attributes.put("channel.binding", channelBinding);
    attributes.put("db.user", role);
    attributes.put("db.pid", Integer.toString(backendPid));
    attributes.put("db.app", applicationName);
    attributes.put("server.version", serverVersion);
    if (leaseId != null) {
      attributes.put("lease.id", leaseId);
    }
    return attributes;
  }

  @Override
  public String toString() {
    return "ConnectionFacts" + asAttributes();
  }
}
