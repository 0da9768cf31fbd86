package io.securepool.internal.tls;

import java.security.cert.CertificateException;

/**
 * A server certificate the pinning trust manager refused, with the rule that refused it. It travels
 * through the TLS stack and the driver as a cause, so the connect pipeline can name the rule.
 */
public final class CertificateRefusal extends CertificateException {

  private static final long serialVersionUID = 1L;

  private final String ruleId;

  CertificateRefusal(String ruleId, String message, Throwable cause) {
    super(message, cause);
    this.ruleId = ruleId;
  }

  /** The rule id, e.g. {@code SP-TLS-UNTRUSTED}. */
  public String ruleId() {
    return ruleId;
  }
}
