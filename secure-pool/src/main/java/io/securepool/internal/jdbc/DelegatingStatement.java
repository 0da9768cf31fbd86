package io.securepool.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The pure delegation beneath {@link InspectedStatement}: the {@link java.sql.Statement} methods
 * that need no guard, each forwarded unchanged to the driver's object. Nothing here guards, wraps
 * or inspects, so that the guard class shows only its guard logic; {@code DelegationTest} checks
 * that every method here only forwards and that every interface method is either here or in the
 * guard class. Kept apart by hand (a generator would add a build step for code that changes only
 * with the JDBC interfaces).
 */
abstract class DelegatingStatement<S extends Statement> implements Statement {

  final S delegate;

  DelegatingStatement(S delegate) {
    this.delegate = delegate;
  }

  @Override
  public void cancel() throws SQLException {
    delegate.cancel();
  }

  @Override
  public void clearBatch() throws SQLException {
    delegate.clearBatch();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    delegate.closeOnCompletion();
  }

  @Override
  public String enquoteIdentifier(String x, boolean x2) throws SQLException {
    return delegate.enquoteIdentifier(x, x2);
  }

  @Override
  public String enquoteLiteral(String x) throws SQLException {
    return delegate.enquoteLiteral(x);
  }

  @Override
  public String enquoteNCharLiteral(String x) throws SQLException {
    return delegate.enquoteNCharLiteral(x);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return delegate.getLargeMaxRows();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return delegate.getLargeUpdateCount();
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return delegate.getMaxFieldSize();
  }

  @Override
  public int getMaxRows() throws SQLException {
    return delegate.getMaxRows();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return delegate.getMoreResults();
  }

  @Override
  public boolean getMoreResults(int parameterIndex) throws SQLException {
    return delegate.getMoreResults(parameterIndex);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return delegate.getQueryTimeout();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return delegate.getResultSetConcurrency();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return delegate.getResultSetHoldability();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return delegate.getResultSetType();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return delegate.getUpdateCount();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return delegate.isCloseOnCompletion();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return delegate.isPoolable();
  }

  @Override
  public boolean isSimpleIdentifier(String x) throws SQLException {
    return delegate.isSimpleIdentifier(x);
  }

  @Override
  public void setCursorName(String parameterName) throws SQLException {
    delegate.setCursorName(parameterName);
  }

  @Override
  public void setEscapeProcessing(boolean x) throws SQLException {
    delegate.setEscapeProcessing(x);
  }

  @Override
  public void setFetchDirection(int parameterIndex) throws SQLException {
    delegate.setFetchDirection(parameterIndex);
  }

  @Override
  public void setFetchSize(int parameterIndex) throws SQLException {
    delegate.setFetchSize(parameterIndex);
  }

  @Override
  public void setLargeMaxRows(long x) throws SQLException {
    delegate.setLargeMaxRows(x);
  }

  @Override
  public void setMaxFieldSize(int parameterIndex) throws SQLException {
    delegate.setMaxFieldSize(parameterIndex);
  }

  @Override
  public void setMaxRows(int parameterIndex) throws SQLException {
    delegate.setMaxRows(parameterIndex);
  }

  @Override
  public void setPoolable(boolean x) throws SQLException {
    delegate.setPoolable(x);
  }

  @Override
  public void setQueryTimeout(int parameterIndex) throws SQLException {
    delegate.setQueryTimeout(parameterIndex);
  }
}
