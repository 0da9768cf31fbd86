package io.securepool.testkit.vault;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the server's database secrets engine reaches PostgreSQL as an administrator: the counterpart
 * of a Vault {@code config/<name>} connection. Each operation opens a connection, uses it and
 * closes it.
 */
@FunctionalInterface
public interface DatabaseConnector {

  /**
   * Opens a new administrative connection, in auto-commit mode.
   *
   * @return a connection the caller closes
   * @throws SQLException if PostgreSQL cannot be reached
   */
  Connection open() throws SQLException;
}
