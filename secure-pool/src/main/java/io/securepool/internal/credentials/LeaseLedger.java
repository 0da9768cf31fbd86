package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which physical connections are open on which credential lease. The connect pipeline records each
 * new connection; the rotation asks whether an old lease still has open connections before it lets
 * the provider revoke it. A closed connection is noticed by {@code isClosed()}, which pgjdbc
 * answers without a round trip.
 */
public final class LeaseLedger {

  private final Map<String, Set<Connection>> open = new ConcurrentHashMap<>();
  private volatile Consumer<Credentials> onOpened = used -> {};

  /**
   * Runs {@code hook} for each new connection, on the connecting thread, just before HikariCP reads
   * {@code maxLifetime} for it: the place to bound the connection's life by its lease's.
   */
  public void onOpened(Consumer<Credentials> hook) {
    this.onOpened = hook;
  }

  /** Records a new physical connection made with {@code used}; unleased credentials are ignored. */
  public void opened(Credentials used, Connection physical) {
    used.leaseId()
        .ifPresent(
            lease -> {
              Set<Connection> connections =
                  open.computeIfAbsent(lease, key -> ConcurrentHashMap.newKeySet());
              connections.removeIf(LeaseLedger::closed); // maxLifetime churn on a long lease
              connections.add(physical);
            });
    onOpened.accept(used);
  }

  /** The number of connections of {@code leaseId} still open. */
  public int openOn(String leaseId) {
    Set<Connection> connections = open.get(leaseId);
    if (connections == null) {
      return 0;
    }
    connections.removeIf(LeaseLedger::closed);
    if (connections.isEmpty()) {
      open.remove(leaseId, connections);
      return 0;
    }
    return connections.size();
  }

  /** Forgets a lease whose connections no longer matter (it expired). */
  public void forget(String leaseId) {
    open.remove(leaseId);
  }

  private static boolean closed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }
}
