package io.securepool.internal.connect;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * One concern of the physical-connect path. A step either fills the driver properties before the
 * driver connects, or inspects the connection after it; the order of steps is fixed by {@link
 * ConnectPipeline} and is part of the security argument.
 */
interface ConnectStep {

  /** A short stable name, e.g. {@code tls}. */
  String name();

  /** Fills properties before the driver connects. */
  default void prepare(ConnectAttempt attempt) throws SQLException {}

  /** Inspects the connection after the driver connected; throwing closes it. */
  default void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {}
}
