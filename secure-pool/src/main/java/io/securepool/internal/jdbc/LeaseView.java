package io.securepool.internal.jdbc;

import io.securepool.audit.LeaseInfo;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only view a borrower gets from {@code unwrap(LeaseInfo.class)}: facts about the session,
 * nothing that runs SQL or changes the guard's bookkeeping. A borrower's view belongs to its lease:
 * the facts of the physical connection stay readable after it, but the application_name, which
 * carries the next borrower's correlation values, does not.
 */
final class LeaseView implements LeaseInfo {

  private final SecureConnection session;
  private final LeaseConnection lease;

  /** The view of the connection itself, for secure-pool's own code. */
  LeaseView(SecureConnection session) {
    this(session, null);
  }

  /** A borrower's view, scoped to {@code lease}. */
  LeaseView(SecureConnection session, LeaseConnection lease) {
    this.session = session;
    this.lease = lease;
  }

  @Override
  public int backendPid() {
    return session.facts().backendPid();
  }

  @Override
  public String applicationName() {
    if (lease != null && !lease.live()) {
      // The session may serve another borrower now, whose application_name is not this one's.
      throw new IllegalStateException(session.guard().leaseEnded(session.facts()).getMessage());
    }
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
