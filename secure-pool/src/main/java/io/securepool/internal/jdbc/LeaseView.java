package io.securepool.internal.jdbc;

import io.securepool.audit.LeaseInfo;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only view a borrower gets from {@code unwrap(LeaseInfo.class)}: facts about the session,
 * nothing that runs SQL or changes the guard's bookkeeping. Created once per physical connection.
 */
final class LeaseView implements LeaseInfo {

  private final SecureConnection session;

  LeaseView(SecureConnection session) {
    this.session = session;
  }

  @Override
  public int backendPid() {
    return session.facts().backendPid();
  }

  @Override
  public String applicationName() {
    return session.applicationName();
  }

  @Override
  public String loginRole() {
    return session.facts().role();
  }

  @Override
  public String tlsProtocol() {
    return session.facts().tlsProtocol();
  }

  @Override
  public String tlsCipherSuite() {
    return session.facts().cipherSuite();
  }

  @Override
  public String channelBinding() {
    return session.facts().channelBinding();
  }

  @Override
  public String serverVersion() {
    return session.facts().serverVersion();
  }

  @Override
  public List<X509Certificate> serverCertificates() {
    return session.facts().serverCertificates();
  }

  @Override
  public Map<String, Boolean> roleAttributes() {
    return session.facts().roleAttributes();
  }

  @Override
  public Optional<Instant> usableUntil() {
    return session.usableUntil();
  }

  @Override
  public String toString() {
    return "LeaseInfo[pid=" + backendPid() + ", role=" + loginRole() + "]";
  }
}
