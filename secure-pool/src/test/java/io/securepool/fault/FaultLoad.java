package io.securepool.fault;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Threads doing checkout + query + return, counting operations and failures by SQLState, and
 * remembering when the last failure and the first success after a mark happened: the recovery time
 * of a fault is the time from its end to the first success after it.
 */
public final class FaultLoad implements AutoCloseable {

  private final DataSource dataSource;
  private final String sql;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
  private final AtomicLong lastFailureNanos = new AtomicLong();
  private final AtomicLong firstSuccessAfterMark = new AtomicLong();
  private volatile long mark = Long.MAX_VALUE;
  private volatile boolean running = true;
  private volatile Throwable firstFailure;

  private FaultLoad(DataSource dataSource, String sql) {
    this.dataSource = dataSource;
    this.sql = sql;
  }

  public static FaultLoad start(DataSource dataSource, String sql, int threadCount) {
    FaultLoad load = new FaultLoad(dataSource, sql);
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(load::run, "fault-load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        operations.incrementAndGet();
        long now = System.nanoTime();
        if (now - mark >= 0) {
          firstSuccessAfterMark.compareAndSet(0, now);
        }
      } catch (SQLException | RuntimeException e) {
        failures.incrementAndGet();
        byState
            .computeIfAbsent(
                e instanceof SQLException ? String.valueOf(((SQLException) e).getSQLState()) : "-",
                k -> new AtomicLong())
            .incrementAndGet();
        lastFailureNanos.set(System.nanoTime());
        if (firstFailure == null) {
          firstFailure = e;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Marks the end of a fault: {@link #recovery()} measures from here. */
  public void faultEnded() {
    firstSuccessAfterMark.set(0);
    mark = System.nanoTime();
  }

  /** Time from the mark to the first success after it; waits up to {@code limit}. */
  public Duration recovery(Duration limit) throws InterruptedException {
    Faults.waitUntil(limit, () -> firstSuccessAfterMark.get() != 0);
    return Duration.ofNanos(firstSuccessAfterMark.get() - mark);
  }

  public long operations() {
    return operations.get();
  }

  public long failures() {
    return failures.get();
  }

  public Map<String, Long> failuresByState() {
    Map<String, Long> copy = new TreeMap<>();
    byState.forEach((state, count) -> copy.put(state, count.get()));
    return copy;
  }

  public Throwable firstFailure() {
    return firstFailure;
  }

  public void stop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(60).toMillis());
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
