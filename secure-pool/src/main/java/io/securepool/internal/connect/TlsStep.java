package io.securepool.internal.connect;

import io.securepool.internal.tls.PinnedSslSocketFactory;
import java.util.Properties;

/**
 * Forces the TLS policy into the driver properties: verify-full, the pinned-CA socket factory,
 * channel binding, SCRAM only, no GSSAPI encryption. The URL policy already refused any user
 * property that disagrees, so these are never silent overrides.
 */
final class TlsStep implements ConnectStep {

  private final String policyId;
  private final String channelBinding;

  TlsStep(String policyId, String channelBinding) {
    this.policyId = policyId;
    this.channelBinding = channelBinding;
  }

  @Override
  public String name() {
    return "tls";
  }

  @Override
  public void prepare(ConnectAttempt attempt) {
    Properties properties = attempt.properties;
    properties.setProperty("ssl", "true");
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslfactory", PinnedSslSocketFactory.class.getName());
    properties.setProperty(
        "sslfactoryarg", PinnedSslSocketFactory.argumentFor(policyId, attempt.id));
    properties.setProperty("channelBinding", channelBinding);
    properties.setProperty("requireAuth", "scram-sha-256");
    properties.setProperty("gssEncMode", "disable");
  }
}
