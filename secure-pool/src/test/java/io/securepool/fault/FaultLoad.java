package io.securepool.fault;

import io.securepool.audit.LeaseInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Threads doing checkout + query + return, counting operations and failures by SQLState, and
 * remembering when the last failure and the first success after a mark happened: the recovery time
 * of a fault is the time from its end to the first success after it.
 *
 * <p>Every success is also checked against the facts of the connection it ran on ({@link
 * LeaseInfo}): a session whose TLS was not verified, or a connection whose lease had ended (it was
 * no longer to be handed out when the checkout began), counts as a violation whatever the server
 * answered.
 */
public final class FaultLoad implements AutoCloseable {

  private final DataSource dataSource;
  private final Operation operation;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
  private final AtomicLong lastFailureNanos = new AtomicLong();
  private final AtomicLong firstSuccessAfterMark = new AtomicLong();
  private volatile long mark = Long.MAX_VALUE;
  private volatile boolean running = true;
  private volatile Throwable firstFailure;
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();
  private final AtomicLong leased = new AtomicLong();
  private final Set<Integer> backends = ConcurrentHashMap.newKeySet();
  private volatile String firstViolation;

  /** One operation on a borrowed connection; it throws when it fails. */
  @FunctionalInterface
  public interface Operation {
    void run(Connection connection) throws SQLException;
  }

  private FaultLoad(DataSource dataSource, Operation operation) {
    this.dataSource = dataSource;
    this.operation = operation;
  }

  /** Threads running a query and reading its first row. */
  public static FaultLoad start(DataSource dataSource, String sql, int threadCount) {
    return start(
        dataSource,
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
          }
        },
        threadCount);
  }

  /** Threads running {@code operation}, each on a connection of its own checkout. */
  public static FaultLoad start(DataSource dataSource, Operation operation, int threadCount) {
    FaultLoad load = new FaultLoad(dataSource, operation);
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
      Instant checkout = Instant.now();
      try (Connection connection = dataSource.getConnection()) {
        operation.run(connection);
        check(connection.unwrap(LeaseInfo.class), checkout);
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

  /**
   * The facts of the connection a successful operation ran on. {@code usableUntil} is read after
   * the operation: it only moves earlier, so a value before the checkout began means the connection
   * was handed out after its lease ended (or was retired).
   */
  private void check(LeaseInfo lease, Instant checkout) {
    checked.incrementAndGet();
    backends.add(lease.backendPid());
    String tls = lease.tlsProtocol();
    Optional<Instant> until = lease.usableUntil();
    boolean verified = tls != null && (tls.equals("TLSv1.2") || tls.equals("TLSv1.3"));
    boolean expired = until.isPresent() && !checkout.isBefore(until.get());
    if (until.isPresent()) {
      leased.incrementAndGet();
    }
    if (!verified || expired) {
      violations.incrementAndGet();
      if (firstViolation == null) {
        firstViolation =
            "backend "
                + lease.backendPid()
                + " tls="
                + tls
                + " usableUntil="
                + until
                + " checkout="
                + checkout;
      }
    }
  }

  /** Successful operations whose connection facts were checked. */
  public long checked() {
    return checked.get();
  }

  /** Successful operations on a connection with a lease deadline (credentials that expire). */
  public long leased() {
    return leased.get();
  }

  /** Successful operations on a connection that was unverified or past its lease. */
  public long unverifiedOrExpired() {
    return violations.get();
  }

  /** The first violation, for the assertion message; {@code null} when none. */
  public String firstViolation() {
    return firstViolation;
  }

  /** The backend pids successful operations ran on. */
  public Set<Integer> backends() {
    return Set.copyOf(backends);
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
