package io.securepool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test JVM that dies, even by SIGKILL, must not leave its PostgreSQL server running. */
class ServerCleanupIT {

  @Test
  void serverStopsWhenItsJvmIsKilled() throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process holder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ServerHolder.class.getName()))
            .redirectErrorStream(true)
            .start();
    int port = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          port = Integer.parseInt(line.substring(6).trim());
          break;
        }
      }
      assertThat(port).as("the holder JVM started a server").isPositive();
      assertThat(accepts(port)).isTrue();

      holder.destroyForcibly();
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (accepts(port) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(accepts(port)).as("server on port %d is gone", port).isFalse();
    } finally {
      holder.destroyForcibly();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
