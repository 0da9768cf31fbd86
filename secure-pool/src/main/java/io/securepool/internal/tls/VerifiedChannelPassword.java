package io.securepool.internal.tls;

import java.util.Properties;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The authentication plugin the connect pipeline names in every connect ({@code
 * authenticationPluginClassName}), so that pgjdbc takes the password from {@link PasswordGate} at
 * the moment the server asks for it, never from its properties. Not for use by hand: without a live
 * connect attempt it has no password to give.
 */
public final class VerifiedChannelPassword implements AuthenticationPlugin {

  private final String attempt;

  /** Called by pgjdbc with the connection's properties. */
  public VerifiedChannelPassword(Properties info) {
    this.attempt = PinnedSslSocketFactory.attemptOf(info.getProperty("sslfactoryarg"));
  }

  @Override
  public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
    char[] password = PasswordGate.release(attempt, type);
    if (password == null) {
      // The message is pgjdbc's to report; the pipeline reads the real reason from the gate.
      throw new PSQLException(
          "secure-pool did not release the password: the server's TLS session was not verified"
              + " or it asked for a method other than SCRAM-SHA-256",
          PSQLState.CONNECTION_REJECTED);
    }
    return password;
  }
}
