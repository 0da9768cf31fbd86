package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificate expiry, from the chain the server presented in the handshake and the pinned CA
 * verified: a pure function of the certificates and the clock. Already expired cannot occur here
 * (the TLS policy refuses the connection), so "close to expiry" is the only finding.
 */
final class CertificateChecks {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private CertificateChecks() {}

  static void run(AuditInputs inputs, Audit audit) {
    if (inputs.certificates().isEmpty()) {
      audit.skipped(
          PostureCheck.TLS_CERTIFICATE_EXPIRY,
          "no TLS handshake to read (the certificate chain comes from the connection)");
      return;
    }
    List<String> expiring = new ArrayList<>();
    List<String> subjects = new ArrayList<>();
    Instant horizon = inputs.now().plus(inputs.certificateWarning());
    for (X509Certificate certificate : inputs.certificates()) {
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (notAfter.isBefore(horizon)) {
        String subject = certificate.getSubjectX500Principal().getName();
        long days = Math.max(0, Duration.between(inputs.now(), notAfter).toDays());
        expiring.add(
            "'" + subject + "' expires " + DAY.format(notAfter) + " (in " + days + " days)");
        subjects.add(subject);
      }
    }
    if (expiring.isEmpty()) {
      audit.ran(PostureCheck.TLS_CERTIFICATE_EXPIRY);
      return;
    }
    audit.found(
        PostureCheck.TLS_CERTIFICATE_EXPIRY,
        "the server's certificate chain: "
            + Audit.names(expiring)
            + ", within "
            + inputs.certificateWarning().toDays()
            + " days",
        "issue a new certificate from the same CA, install it (ssl_cert_file) and reload the"
            + " server (SELECT pg_reload_conf())",
        Audit.at(Location.Kind.CERTIFICATE, subjects));
  }
}
