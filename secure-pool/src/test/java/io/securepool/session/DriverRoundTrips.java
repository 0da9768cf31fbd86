package io.securepool.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the round trips pgjdbc makes, from its own protocol trace: every extended-protocol
 * exchange ends with one {@code Sync}, every simple query is one {@code Query} message. Counting
 * what the driver sends, rather than timing, makes "zero round trips when clean" a fact.
 */
final class DriverRoundTrips extends Handler implements AutoCloseable {

  private static final Logger PROTOCOL =
      Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

  private final AtomicInteger count = new AtomicInteger();
  private final Level previous;

  private DriverRoundTrips() {
    previous = PROTOCOL.getLevel();
    setLevel(Level.ALL);
    PROTOCOL.setLevel(Level.FINEST);
    PROTOCOL.addHandler(this);
  }

  static DriverRoundTrips start() {
    return new DriverRoundTrips();
  }

  /** Round trips since the last call. */
  int take() {
    return count.getAndSet(0);
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message != null
        && (message.startsWith(" FE=> Sync") || message.startsWith(" FE=> SimpleQuery"))) {
      count.incrementAndGet();
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    PROTOCOL.removeHandler(this);
    PROTOCOL.setLevel(previous);
  }
}
