package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import io.securepool.internal.jdbc.SecureConnection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Which physical connections are open on which credential lease, and until when each may serve. The
 * connect pipeline records each new connection with its retirement time: nine tenths of the lease's
 * remaining life at connect time, so the connection leaves the pool before the server can revoke
 * its role, from its first second and whatever HikariCP's own lifetime says. The rotation asks
 * whether an old lease still has open connections before it lets the provider revoke it. A closed
 * connection is noticed by {@code isClosed()}, which pgjdbc answers without a round trip.
 */
public final class LeaseLedger {

  private final Map<String, Map<SecureConnection, Instant>> open = new ConcurrentHashMap<>();
  private final Clock clock;
  private final LongSupplier nanoTime;
  private volatile Consumer<Credentials> onOpened = used -> {};

  /** A ledger on the system clock. */
  public LeaseLedger() {
    this(Clock.systemUTC(), System::nanoTime);
  }

  /**
   * A ledger on {@code clock}, setting connection deadlines on {@code nanoTime}'s scale (the one
   * {@link SecureConnection#retireAt} uses): a test moves both by hand.
   */
  LeaseLedger(Clock clock, LongSupplier nanoTime) {
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * Runs {@code hook} for each new connection, on the connecting thread, just before HikariCP reads
   * {@code maxLifetime} for it: the place to bound the connection's life by its lease's.
   */
  public void onOpened(Consumer<Credentials> hook) {
    this.onOpened = hook;
  }

  /** Records a new physical connection made with {@code used}; unleased credentials are ignored. */
  public void opened(Credentials used, SecureConnection physical) {
    used.leaseId()
        .ifPresent(
            lease -> {
              Map<SecureConnection, Instant> connections =
                  open.computeIfAbsent(lease, key -> new ConcurrentHashMap<>());
              connections.keySet().removeIf(LeaseLedger::closed); // maxLifetime churn
              Instant now = clock.instant();
              Instant deadline = retireAt(used, now);
              connections.put(physical, deadline);
              if (deadline != Instant.MAX) {
                physical.retireAt(nanoTime.getAsLong() + Duration.between(now, deadline).toNanos());
              }
            });
    onOpened.accept(used);
  }

  /**
   * When a connection made now with {@code used} must stop serving: after nine tenths of the
   * lease's remaining life, so always before the lease ends (a nearly spent lease gives a
   * connection that is retired almost at once); never for credentials without an expiry.
   */
  public static Instant retireAt(Credentials used, Instant now) {
    if (used.expiresAt().isEmpty()) {
      return Instant.MAX;
    }
    Duration remaining = Duration.between(now, used.expiresAt().get());
    return remaining.isNegative() ? now : now.plus(remaining.multipliedBy(9).dividedBy(10));
  }

  /**
   * Retires every open connection whose time has come; returns how many were retired now. Run
   * periodically by the pool's watch.
   */
  public int retireDue(Instant now) {
    int retired = 0;
    for (Map<SecureConnection, Instant> connections : open.values()) {
      for (Iterator<Map.Entry<SecureConnection, Instant>> it = connections.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<SecureConnection, Instant> entry = it.next();
        if (closed(entry.getKey())) {
          it.remove();
        } else if (!now.isBefore(entry.getValue())) {
          retire(entry.getKey());
          entry.setValue(Instant.MAX); // reported once
          retired++;
        }
      }
    }
    return retired;
  }

  /** The number of connections of {@code leaseId} still open. */
  public int openOn(String leaseId) {
    Map<SecureConnection, Instant> connections = open.get(leaseId);
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
   * Forgets a lease that is gone (it expired or was released): every connection still open on it is
   * retired first, so none serves on a role the server may already have dropped.
   */
  public void forget(String leaseId) {
    Map<SecureConnection, Instant> connections = open.remove(leaseId);
    if (connections != null) {
      connections.keySet().forEach(LeaseLedger::retire);
    }
  }

  private static void retire(SecureConnection connection) {
    connection.retire();
  }

  private static boolean closed(SecureConnection connection) {
    try {
      return connection.closed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }
}
