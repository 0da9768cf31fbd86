package io.securepool.testkit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that poses as PostgreSQL on a loopback port to collect credentials: plain TCP, it
 * answers {@code N} to an SSLRequest or GSSENCRequest and then asks for the password, in turn per
 * connection, in clear ({@code AuthenticationCleartextPassword}), as MD5 ({@code
 * AuthenticationMD5Password}) and by SCRAM without channel binding ({@code AuthenticationSASL}
 * offering only {@code SCRAM-SHA-256}). It records every byte a client sends, so a test can prove
 * that no password, hash or SCRAM proof ever reached it.
 */
public final class ImpostorServer implements Closeable {

  /** What the impostor asks for after the start-up message. */
  public enum Ask {
    /** AuthenticationCleartextPassword. */
    CLEARTEXT,
    /** AuthenticationMD5Password with a fixed salt. */
    MD5,
    /** AuthenticationSASL with SCRAM-SHA-256 only (no -PLUS, so no channel binding). */
    SCRAM_WITHOUT_BINDING
  }

  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;

  private final ServerSocket listener;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<byte[]> received = new ArrayList<>();
  private final List<Character> messageTypes = new ArrayList<>();
  private volatile boolean closed;

  private ImpostorServer() throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "impostor-postgres");
    this.acceptor.setDaemon(true);
  }

  /** Starts an impostor on a free loopback port. */
  public static ImpostorServer start() throws IOException {
    ImpostorServer server = new ImpostorServer();
    server.acceptor.start();
    return server;
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many TCP connections it accepted. */
  public int connections() {
    return connections.get();
  }

  /** Every byte received so far, over all connections, in arrival order per connection. */
  public synchronized byte[] receivedBytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] chunk : received) {
      all.writeBytes(chunk);
    }
    return all.toByteArray();
  }

  /**
   * The types of the messages clients sent after their start-up message, e.g. {@code 'p'} for a
   * password, SASL initial response or SASL response.
   */
  public synchronized List<Character> messageTypes() {
    return List.copyOf(messageTypes);
  }

  /** Whether any received byte sequence contains {@code text} (UTF-8). */
  public boolean received(String text) {
    return indexOf(receivedBytes(), text.getBytes(StandardCharsets.UTF_8)) >= 0;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        int number = connections.getAndIncrement();
        Thread handler = new Thread(() -> serve(socket, number), "impostor-postgres-" + number);
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket socket, int number) {
    Ask ask = Ask.values()[number % Ask.values().length];
    try (socket) {
      socket.setSoTimeout(30_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        int length = in.readInt();
        byte[] body = readBody(in, length - 4);
        record(body);
        int code = length >= 8 ? readInt(body, 0) : 0;
        if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
          out.write('N');
          out.flush();
          continue;
        }
        break; // the start-up message
      }
      out.write(authenticationRequest(ask));
      out.flush();
      char type = (char) in.readUnsignedByte();
      byte[] body = readBody(in, in.readInt() - 4);
      synchronized (this) {
        messageTypes.add(type);
        received.add(body);
      }
      // Whatever came, refuse: the impostor only collects.
      out.write(errorResponse());
      out.flush();
    } catch (EOFException | SocketException e) {
      // The client gave up: exactly what a hardened client does.
    } catch (IOException e) {
      // Same: nothing more to collect.
    }
  }

  private synchronized void record(byte[] body) {
    received.add(body);
  }

  private static byte[] readBody(DataInputStream in, int length) throws IOException {
    if (length < 0 || length > 1 << 20) {
      throw new EOFException("implausible message length");
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return body;
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 24)
        | ((bytes[offset + 1] & 0xff) << 16)
        | ((bytes[offset + 2] & 0xff) << 8)
        | (bytes[offset + 3] & 0xff);
  }

  private static byte[] authenticationRequest(Ask ask) {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write('R');
    switch (ask) {
      case CLEARTEXT:
        writeInt(message, 8);
        writeInt(message, 3);
        break;
      case MD5:
        writeInt(message, 12);
        writeInt(message, 5);
        message.writeBytes(new byte[] {1, 2, 3, 4});
        break;
      default:
        byte[] mechanism = "SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII);
        writeInt(message, 4 + 4 + mechanism.length + 2);
        writeInt(message, 10);
        message.writeBytes(mechanism);
        message.write(0);
        message.write(0);
        break;
    }
    return message.toByteArray();
  }

  private static byte[] errorResponse() {
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    for (String field : new String[] {"SFATAL", "C28P01", "Mpassword authentication failed"}) {
      fields.writeBytes(field.getBytes(StandardCharsets.US_ASCII));
      fields.write(0);
    }
    fields.write(0);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write('E');
    writeInt(message, 4 + fields.size());
    message.writeBytes(fields.toByteArray());
    return message.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
  }
}
