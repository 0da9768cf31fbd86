package io.securepool.internal.connect;

import io.securepool.internal.tls.PinnedSslSocketFactory;
import io.securepool.internal.tls.VerifiedChannelPassword;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Forces the TLS policy into the driver properties: verify-full, the pinned-CA socket factory,
 * channel binding, SCRAM only, no GSSAPI encryption, and the password plugin that releases the
 * password only over a verified session ({@code password} itself is set empty, which also keeps
 * pgjdbc from looking for a {@code .pgpass} file). The URL policy already refused any user property
 * that disagrees, so these are never silent overrides.
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
    forced(attempt).forEach(properties::setProperty);
  }

  /** The properties this step forces for an attempt, with their values. */
  Map<String, String> forced(ConnectAttempt attempt) {
    Map<String, String> forced = new LinkedHashMap<>();
    forced.put("ssl", "true");
    forced.put("sslmode", "verify-full");
    forced.put("sslfactory", PinnedSslSocketFactory.class.getName());
    forced.put("sslfactoryarg", PinnedSslSocketFactory.argumentFor(policyId, attempt.id));
    forced.put("channelBinding", channelBinding);
    forced.put("requireAuth", "scram-sha-256");
    forced.put("gssEncMode", "disable");
    forced.put("authenticationPluginClassName", VerifiedChannelPassword.class.getName());
    forced.put("password", "");
    return forced;
  }
}
