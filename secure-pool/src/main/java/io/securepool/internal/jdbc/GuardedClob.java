package io.securepool.internal.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * A character large object read from a result set, scoped to its lease, for the reasons {@link
 * GuardedBlob} gives: pgjdbc's {@code Clob} reads and writes its large object through the
 * connection at each call. {@code NClob}s get {@link NationalClob}, the subclass that also
 * implements {@code NClob}, so that a {@code Clob} never claims to be one.
 */
class GuardedClob implements Clob {

  private final Clob delegate;
  private final LeaseConnection lease;

  GuardedClob(Clob delegate, LeaseConnection lease) {
    this.delegate = delegate;
    this.lease = lease;
  }

  static Clob wrap(Clob clob, LeaseConnection lease) {
    if (clob == null || clob instanceof GuardedClob) {
      return clob;
    }
    return clob instanceof NClob
        ? new NationalClob((NClob) clob, lease)
        : new GuardedClob(clob, lease);
  }

  static NClob wrap(NClob clob, LeaseConnection lease) {
    return clob == null || clob instanceof GuardedClob ? clob : new NationalClob(clob, lease);
  }

  private Clob live() throws SQLException {
    if (lease != null) {
      lease.checkLive();
    }
    return delegate;
  }

  @Override
  public long length() throws SQLException {
    return live().length();
  }

  @Override
  public String getSubString(long pos, int length) throws SQLException {
    return live().getSubString(pos, length);
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    return LeaseStreams.reader(live().getCharacterStream(), lease);
  }

  @Override
  public Reader getCharacterStream(long pos, long length) throws SQLException {
    return LeaseStreams.reader(live().getCharacterStream(pos, length), lease);
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    return LeaseStreams.in(live().getAsciiStream(), lease);
  }

  @Override
  public long position(String searchstr, long start) throws SQLException {
    return live().position(searchstr, start);
  }

  @Override
  public long position(Clob searchstr, long start) throws SQLException {
    return live().position(searchstr, start);
  }

  @Override
  public int setString(long pos, String str) throws SQLException {
    return live().setString(pos, str);
  }

  @Override
  public int setString(long pos, String str, int offset, int len) throws SQLException {
    return live().setString(pos, str, offset, len);
  }

  @Override
  public OutputStream setAsciiStream(long pos) throws SQLException {
    return LeaseStreams.out(live().setAsciiStream(pos), lease);
  }

  @Override
  public Writer setCharacterStream(long pos) throws SQLException {
    return LeaseStreams.writer(live().setCharacterStream(pos), lease);
  }

  @Override
  public void truncate(long len) throws SQLException {
    live().truncate(len);
  }

  @Override
  public void free() throws SQLException {
    if (lease == null || lease.live()) {
      delegate.free();
    }
  }

  /** An {@code NClob}, scoped to its lease like any character large object. */
  static final class NationalClob extends GuardedClob implements NClob {
    NationalClob(NClob delegate, LeaseConnection lease) {
      super(delegate, lease);
    }
  }
}
