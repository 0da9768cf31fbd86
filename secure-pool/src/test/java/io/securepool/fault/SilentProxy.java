package io.securepool.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that can go silent: while {@link #silence() silenced} it keeps every
 * socket open but forwards nothing, as a peer behind a black-holed route looks to a client (no RST,
 * no FIN, only TCP would ever notice).
 */
final class SilentProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean silent;
  private volatile boolean closed;

  SilentProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "silent-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void silence() {
    silent = true;
  }

  void speak() {
    synchronized (gate) {
      silent = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        pump(client.getInputStream(), server.getOutputStream());
        pump(server.getInputStream(), client.getOutputStream());
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(InputStream in, OutputStream out) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  awaitSpeaking();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the connection ended
              } finally {
                try {
                  out.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "silent-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitSpeaking() throws InterruptedException {
    synchronized (gate) {
      while (silent && !closed) {
        gate.wait(100);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    speak();
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
