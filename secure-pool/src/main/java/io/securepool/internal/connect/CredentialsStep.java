package io.securepool.internal.connect;

import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import java.sql.SQLException;

/** Puts the provider's current credentials into the driver properties. */
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
    attempt.properties.setProperty("password", credentials.password());
  }
}
