package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import io.securepool.internal.jdbc.SecureConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which physical connections are open on which credential lease, and until when each may serve.
 * The connect pipeline records each new connection with its retirement time: nine tenths of the
 * lease's remaining life at connect time, so the connection leaves the pool before the server can
 * revoke its role, from its first second and whatever HikariCP's own lifetime says. The rotation
 * asks whether an old lease still has open connections before it lets the provider revoke it. A
 * closed connection is noticed by {@code isClosed()}, which pgjdbc answers without a round trip.
 */
public final class LeaseLedger {

  /** The shortest life a leased connection is given, so a nearly spent lease still serves. */
  static final Duration SHORTEST_LIFETIME = Duration.ofMillis(250);

  private final Map<String, Map<Connection, Instant>> open = new ConcurrentHashMap<>();
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
              Map<Connection, Instant> connections =
                  open.computeIfAbsent(lease, key -> new ConcurrentHashMap<>());
              connections.keySet().removeIf(LeaseLedger::closed); // maxLifetime churn
              connections.put(physical, retireAt(used, Instant.now()));
            });
    onOpened.accept(used);
  }

  /**
   * When a connection made now with {@code used} must stop serving: nine tenths of the lease's
   * remaining life, at least {@link #SHORTEST_LIFETIME}; never for credentials without an expiry.
   */
  static Instant retireAt(Credentials used, Instant now) {
    if (used.expiresAt().isEmpty()) {
      return Instant.MAX;
    }
    Duration remaining = Duration.between(now, used.expiresAt().get());
    Duration share = remaining.isNegative() ? Duration.ZERO : remaining.multipliedBy(9).dividedBy(10);
    return now.plus(share.compareTo(SHORTEST_LIFETIME) < 0 ? SHORTEST_LIFETIME : share);
  }

  /**
   * Retires every open connection whose time has come; returns how many were retired now. Run
   * periodically by the pool's watch.
   */
  public int retireDue(Instant now) {
    int retired = 0;
    for (Map<Connection, Instant> connections : open.values()) {
      for (Iterator<Map.Entry<Connection, Instant>> it = connections.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Connection, Instant> entry = it.next();
        if (closed(entry.getKey())) {
          it.remove();
        } else if (!now.isBefore(entry.getValue()) && retire(entry.getKey())) {
          retired++;
        }
      }
    }
    return retired;
  }

  /** The number of connections of {@code leaseId} still open. */
  public int openOn(String leaseId) {
    Map<Connection, Instant> connections = open.get(leaseId);
    if (connections == null) {
      return 0;
    }
    connections.keySet().removeIf(LeaseLedger::closed);
    if (connections.isEmpty()) {
      open.remove(leaseId, connections);
      return 0;
    }
    return connections.size();
  }

  /**
   * Forgets a lease that is gone (it expired or was released): every connection still open on it
   * is retired first, so none serves on a role the server may already have dropped.
   */
  public void forget(String leaseId) {
    Map<Connection, Instant> connections = open.remove(leaseId);
    if (connections != null) {
      connections.keySet().forEach(LeaseLedger::retire);
    }
  }

  private static boolean retire(Connection connection) {
    if (connection instanceof SecureConnection) {
      SecureConnection secure = (SecureConnection) connection;
      if (!secure.retired()) {
        secure.retire();
        return true;
      }
    }
    return false;
  }

  private static boolean closed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }
}
