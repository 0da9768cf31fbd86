package io.securepool.internal.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;

/**
 * A large object read from a result set, scoped to its lease. pgjdbc's {@code Blob} is a handle on
 * the connection, not a value: each call opens the large object and reads or writes it with
 * fastpath calls, which carry no SQL text for the inspector. Kept past {@code close()}, it would
 * run them in whichever session the physical connection serves next, inside that borrower's
 * transaction, and a call that fails (no such object, no privilege) aborts it. So every method
 * checks the lease first, as statements do, and the streams it hands out are scoped the same way
 * ({@link LeaseStreams}); {@code free()} after the lease does nothing, since the server closed the
 * lease's descriptors when its transaction ended.
 */
final class GuardedBlob implements Blob {

  private final Blob delegate;
  private final LeaseConnection lease;

  private GuardedBlob(Blob delegate, LeaseConnection lease) {
    this.delegate = delegate;
    this.lease = lease;
  }

  static Blob wrap(Blob blob, LeaseConnection lease) {
    return blob == null || blob instanceof GuardedBlob ? blob : new GuardedBlob(blob, lease);
  }

  private Blob live() throws SQLException {
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
  public byte[] getBytes(long pos, int length) throws SQLException {
    return live().getBytes(pos, length);
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    return LeaseStreams.in(live().getBinaryStream(), lease);
  }

  @Override
  public InputStream getBinaryStream(long pos, long length) throws SQLException {
    return LeaseStreams.in(live().getBinaryStream(pos, length), lease);
  }

  @Override
  public long position(byte[] pattern, long start) throws SQLException {
    return live().position(pattern, start);
  }

  @Override
  public long position(Blob pattern, long start) throws SQLException {
    return live().position(pattern, start);
  }

  @Override
  public int setBytes(long pos, byte[] bytes) throws SQLException {
    return live().setBytes(pos, bytes);
  }

  @Override
  public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
    return live().setBytes(pos, bytes, offset, len);
  }

  @Override
  public OutputStream setBinaryStream(long pos) throws SQLException {
    return LeaseStreams.out(live().setBinaryStream(pos), lease);
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
}
