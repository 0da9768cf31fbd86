package io.securepool.internal.connect;

import io.securepool.internal.jdbc.SecureConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} HikariCP is given, so that every physical connection it opens goes through
 * the {@link ConnectPipeline}. Credentials come from the pipeline: the user and password arguments
 * HikariCP could pass are refused.
 */
public final class PhysicalConnector implements DataSource {

  private final ConnectPipeline pipeline;
  private volatile int loginTimeoutSeconds;
  private volatile PrintWriter logWriter;

  /** A connector over a pipeline. */
  public PhysicalConnector(ConnectPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public Connection getConnection() throws SQLException {
    SecureConnection connection = pipeline.connect(loginTimeoutSeconds);
    return connection.pooled();
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
