package io.securepool.internal.connect;

import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.internal.tls.PasswordGate;
import java.sql.SQLException;

/**
 * Takes the provider's current credentials: the user name into the driver properties, the password
 * into the {@link PasswordGate}, never into a property pgjdbc could send by itself.
 */
final class CredentialsStep implements ConnectStep {

  private final CredentialsProvider provider;

  CredentialsStep(CredentialsProvider provider) {
    this.provider = provider;
  }

  @Override
  public String name() {
    return "credentials";
  }

  @Override
  public void prepare(ConnectAttempt attempt) throws SQLException {
    Credentials credentials = provider.current();
    attempt.credentials = credentials;
    attempt.properties.setProperty("user", credentials.username());
    PasswordGate.hold(attempt.id, credentials.password());
  }
}
