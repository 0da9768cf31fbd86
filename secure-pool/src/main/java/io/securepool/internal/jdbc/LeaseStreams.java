package io.securepool.internal.jdbc;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.FilterReader;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.SQLException;

/**
 * The streams of a large object, scoped to the lease it was read in. pgjdbc's large-object streams
 * read and write lazily through the connection (fastpath calls on a descriptor of the lease's
 * transaction): kept past {@code close()}, one would run in the next borrower's transaction, and a
 * descriptor that ended with the lease's transaction would abort it. Every call checks the lease
 * first; once it has ended, reads and writes fail and {@code close()} does nothing, since the
 * server dropped the descriptor when the lease's transaction ended.
 */
final class LeaseStreams {
  private LeaseStreams() {}

  static InputStream in(InputStream stream, LeaseConnection lease) {
    return stream == null || lease == null ? stream : new In(stream, lease);
  }

  static OutputStream out(OutputStream stream, LeaseConnection lease) {
    return stream == null || lease == null ? stream : new Out(stream, lease);
  }

  static Reader reader(Reader reader, LeaseConnection lease) {
    return reader == null || lease == null ? reader : new LeaseReader(reader, lease);
  }

  static Writer writer(Writer writer, LeaseConnection lease) {
    return writer == null || lease == null ? writer : new LeaseWriter(writer, lease);
  }

  private static void check(LeaseConnection lease) throws IOException {
    try {
      lease.checkLive();
    } catch (SQLException ended) {
      throw new IOException(ended.getMessage(), ended);
    }
  }

  private static final class In extends FilterInputStream {
    private final LeaseConnection lease;

    In(InputStream stream, LeaseConnection lease) {
      super(stream);
      this.lease = lease;
    }

    @Override
    public int read() throws IOException {
      check(lease);
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check(lease);
      return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      check(lease);
      return in.skip(n);
    }

    @Override
    public int available() throws IOException {
      check(lease);
      return in.available();
    }

    @Override
    public synchronized void mark(int readlimit) {
      if (lease.live()) {
        in.mark(readlimit);
      }
    }

    @Override
    public synchronized void reset() throws IOException {
      check(lease);
      in.reset();
    }

    @Override
    public void close() throws IOException {
      if (lease.live()) {
        in.close();
      }
    }
  }

  private static final class Out extends FilterOutputStream {
    private final LeaseConnection lease;

    Out(OutputStream stream, LeaseConnection lease) {
      super(stream);
      this.lease = lease;
    }

    @Override
    public void write(int b) throws IOException {
      check(lease);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check(lease);
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      check(lease);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (lease.live()) {
        out.close();
      }
    }
  }

  private static final class LeaseReader extends FilterReader {
    private final LeaseConnection lease;

    LeaseReader(Reader reader, LeaseConnection lease) {
      super(reader);
      this.lease = lease;
    }

    @Override
    public int read() throws IOException {
      check(lease);
      return in.read();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      check(lease);
      return in.read(cbuf, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      check(lease);
      return in.skip(n);
    }

    @Override
    public boolean ready() throws IOException {
      check(lease);
      return in.ready();
    }

    @Override
    public void mark(int readAheadLimit) throws IOException {
      check(lease);
      in.mark(readAheadLimit);
    }

    @Override
    public void reset() throws IOException {
      check(lease);
      in.reset();
    }

    @Override
    public void close() throws IOException {
      if (lease.live()) {
        in.close();
      }
    }
  }

  private static final class LeaseWriter extends FilterWriter {
    private final LeaseConnection lease;

    LeaseWriter(Writer writer, LeaseConnection lease) {
      super(writer);
      this.lease = lease;
    }

    @Override
    public void write(int c) throws IOException {
      check(lease);
      out.write(c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      check(lease);
      out.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      check(lease);
      out.write(str, off, len);
    }

    @Override
    public void flush() throws IOException {
      check(lease);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (lease.live()) {
        out.close();
      }
    }
  }
}
