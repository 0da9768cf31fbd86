package io.securepool.internal.posture;

import io.securepool.config.Setting;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit knows besides the catalogs: the certificate chain of the handshake, when a
 * certificate counts as close to expiry, the pool size and how many replicas of the service share
 * the server, and (DBA vantage) the group of human logins. Immutable; the withers return copies.
 */
public final class AuditInputs {

  /** The default warning window for certificate expiry. */
  public static final Duration DEFAULT_CERTIFICATE_WARNING =
      Setting.POSTURE_CERTIFICATE_WARNING.defaultDuration();

  private final List<X509Certificate> certificates;
  private final Duration certificateWarning;
  private final Instant now;
  private final int poolSize;
  private final int replicas;
  private final Optional<String> humanGroup;

  private AuditInputs(
      List<X509Certificate> certificates,
      Duration certificateWarning,
      Instant now,
      int poolSize,
      int replicas,
      Optional<String> humanGroup) {
    this.certificates = List.copyOf(certificates);
    this.certificateWarning = Objects.requireNonNull(certificateWarning, "certificateWarning");
    this.now = Objects.requireNonNull(now, "now");
    this.poolSize = poolSize;
    this.replicas = replicas;
    this.humanGroup = Objects.requireNonNull(humanGroup, "humanGroup");
  }

  /** No certificates, no pool size, the default warning window, now. */
  public static AuditInputs none() {
    return new AuditInputs(
        List.of(), DEFAULT_CERTIFICATE_WARNING, Instant.now(), 0, 1, Optional.empty());
  }

  /** With the handshake's chain (leaf first) and the window in which expiry is reported. */
  public AuditInputs certificates(List<X509Certificate> chain, Duration warning) {
    return new AuditInputs(chain, warning, now, poolSize, replicas, humanGroup);
  }

  /** With the pool's maximum size and the number of service replicas that each run such a pool. */
  public AuditInputs pool(int maximumSize, int serviceReplicas) {
    return new AuditInputs(
        certificates, certificateWarning, now, maximumSize, serviceReplicas, humanGroup);
  }

  /** With the group whose direct members are human logins (DBA vantage). */
  public AuditInputs humanGroup(Optional<String> group) {
    return new AuditInputs(certificates, certificateWarning, now, poolSize, replicas, group);
  }

  /** At another instant (tests). */
  public AuditInputs at(Instant instant) {
    return new AuditInputs(
        certificates, certificateWarning, instant, poolSize, replicas, humanGroup);
  }

  List<X509Certificate> certificates() {
    return certificates;
  }

  Duration certificateWarning() {
    return certificateWarning;
  }

  Instant now() {
    return now;
  }

  /** The pool's maximum size; 0 when unknown (the check is then skipped). */
  int poolSize() {
    return poolSize;
  }

  int replicas() {
    return replicas;
  }

  Optional<String> humanGroup() {
    return humanGroup;
  }
}
