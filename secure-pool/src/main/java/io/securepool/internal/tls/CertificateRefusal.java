package io.securepool.internal.tls;

import io.securepool.api.SecurityRule;
import java.security.cert.CertificateException;

/**
 * A server certificate the pinning trust manager refused, with the rule that refused it. It travels
 * through the TLS stack and the driver as a cause, so the connect pipeline can name the rule.
 */
public final class CertificateRefusal extends CertificateException {

  private static final long serialVersionUID = 1L;

  private final SecurityRule rule;

  CertificateRefusal(SecurityRule rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  /** The rule that refused, e.g. {@code SP-TLS-UNTRUSTED}. */
  public SecurityRule rule() {
    return rule;
  }
}
