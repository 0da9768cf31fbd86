package io.securepool.internal.connect;

import io.securepool.api.SecurePoolException;
import io.securepool.internal.jdbc.SecureConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} HikariCP is given, so that every physical connection it opens goes through
 * the {@link ConnectPipeline}. Credentials come from the pipeline: the user and password arguments
 * HikariCP could pass are refused.
 *
 * <p>The pool's first connection is opened before HikariCP starts ({@link #openFirst}) and handed
 * to HikariCP's start-up check when it asks: HikariCP sleeps a full second after a failed first
 * connection before it gives up, so a refused start would otherwise cost a second each time.
 */
public final class PhysicalConnector implements DataSource {

  private static final long FIRST_RETRY_PAUSE_MILLIS = 50;

  private final ConnectPipeline pipeline;
  private final AtomicReference<SecureConnection> first = new AtomicReference<>();
  private volatile int loginTimeoutSeconds;
  private volatile PrintWriter logWriter;

  /** A connector over a pipeline. */
  public PhysicalConnector(ConnectPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Opens the pool's first connection. A guard's refusal ({@link SecurePoolException}) fails at
   * once; another failure (server not up yet) is retried until {@code retryFor} has passed.
   */
  public void openFirst(Duration retryFor) throws SQLException {
    long deadline = System.nanoTime() + retryFor.toNanos();
    while (true) {
      try {
        first.set(pipeline.connect(loginTimeoutSeconds));
        return;
      } catch (SecurePoolException refusal) {
        throw refusal;
      } catch (SQLException failure) {
        if (System.nanoTime() - deadline >= 0) {
          throw failure;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(
              Math.min(
                  FIRST_RETRY_PAUSE_MILLIS,
                  Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure;
        }
      }
    }
  }

  /** Closes the first connection if nobody took it (start-up failed after it was opened). */
  public void discardFirst() {
    SecureConnection unused = first.getAndSet(null);
    if (unused != null) {
      try {
        unused.pooled().close();
      } catch (SQLException | RuntimeException ignored) {
        // Start-up failed anyway.
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    SecureConnection ready = first.getAndSet(null);
    if (ready != null) {
      return ready.pooled();
    }
    return pipeline.connect(loginTimeoutSeconds).pooled();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "secure-pool takes credentials only from its credentials provider");
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("secure-pool logs through SLF4J");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
