package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;

/**
 * pgjdbc's prepared statement beneath HikariCP's proxy. Its SQL text was inspected when it was
 * prepared; the SQL-taking methods inherited from {@link java.sql.Statement} are inspected like any
 * other statement's.
 *
 * @param <P> the JDBC statement type wrapped
 */
class InspectedPreparedStatement<P extends PreparedStatement>
    extends DelegatingPreparedStatement<P> {

  InspectedPreparedStatement(SecureConnection connection, P delegate, LeaseConnection lease) {
    super(connection, delegate, lease);
  }

  @Override
  public boolean execute() throws SQLException {
    beforeWork();
    return delegate.execute();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    beforeWork();
    return delegate.executeLargeUpdate();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    beforeWork();
    return wrap(delegate.executeQuery());
  }

  @Override
  public int executeUpdate() throws SQLException {
    beforeWork();
    return delegate.executeUpdate();
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    delegate.setArray(parameterIndex, GuardedValues.driverValue(x));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    delegate.setObject(parameterIndex, GuardedValues.driverValue(x), targetSqlType, scaleOrLength);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    delegate.setObject(parameterIndex, GuardedValues.driverValue(x), targetSqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType sqlType, int scaleOrLength)
      throws SQLException {
    delegate.setObject(parameterIndex, GuardedValues.driverValue(x), sqlType, scaleOrLength);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType sqlType) throws SQLException {
    delegate.setObject(parameterIndex, GuardedValues.driverValue(x), sqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    delegate.setObject(parameterIndex, GuardedValues.driverValue(x));
  }
}
