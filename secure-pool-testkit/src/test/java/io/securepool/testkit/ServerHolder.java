package io.securepool.testkit;

/**
 * A JVM that starts a test server, prints {@code READY <port>} and waits to be killed: the clean-up
 * test kills it with SIGKILL and checks that its server went with it.
 */
public final class ServerHolder {

  private ServerHolder() {}

  public static void main(String[] args) throws InterruptedException {
    PostgresServer server =
        TestPostgres.start(ServerOptions.defaults(), TestCertificates.generate());
    System.out.println("READY " + server.port());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
