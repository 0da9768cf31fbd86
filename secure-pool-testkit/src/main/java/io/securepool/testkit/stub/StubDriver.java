package io.securepool.testkit.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * The "server" secure-pool's connect pipeline is given in the benchmarks in place of pgjdbc: every
 * connect returns a {@link StubConnection}. It is never registered with {@code DriverManager}.
 */
public final class StubDriver implements Driver {

  private final List<StubConnection> opened = new CopyOnWriteArrayList<>();

  @Override
  public Connection connect(String url, Properties info) {
    StubConnection connection = new StubConnection();
    opened.add(connection);
    return connection;
  }

  /** Every connection this driver opened, oldest first. */
  public List<StubConnection> opened() {
    return opened;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 42;
  }

  @Override
  public int getMinorVersion() {
    return 7;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
