package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret file (token, role id, secret id, service-account JWT) is read only when it is a regular
 * file of at most 64 KiB: a device, a pipe or a huge file is refused at once, naming the file and
 * never blocking or filling memory.
 */
class SecretInputFileTest {

  @TempDir Path dir;

  private static void refusedAtOnce(Path file, String reason) throws Exception {
    CompletableFuture<Object> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SecretInput.file(file).read();
              } catch (IOException e) {
                return e;
              }
            });
    Object outcome = read.get(5, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(IOException.class);
    assertThat(((IOException) outcome).getMessage()).contains(file.toString()).contains(reason);
  }

  @Test
  void aDeviceIsRefused() throws Exception {
    refusedAtOnce(Path.of("/dev/zero"), "not a regular file");
  }

  @Test
  void aPipeWithNoWriterIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("token.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    refusedAtOnce(fifo, "not a regular file");
  }

  @Test
  void aDirectoryOrNothingIsRefused() throws Exception {
    refusedAtOnce(dir, "not a regular file");
    refusedAtOnce(dir.resolve("missing"), "no such file");
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingItAll() throws Exception {
    Path huge = dir.resolve("huge");
    Files.write(huge, new byte[SecretInput.MAX_FILE_BYTES + 1]);
    refusedAtOnce(huge, "larger than");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() throws Exception {
    Path bad = dir.resolve("bad");
    Files.write(bad, new byte[] {'h', 'v', 's', '.', (byte) 0xC3, (byte) 0x28});
    refusedAtOnce(bad, "not UTF-8");
  }

  @Test
  void aRegularFileAndALinkToOneAreRead() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "  hvs.file-token\n", StandardCharsets.UTF_8);
    Path link = Files.createSymbolicLink(dir.resolve("link"), token);
    assertThat(SecretInput.file(token).read()).isEqualTo("hvs.file-token");
    assertThat(SecretInput.file(link).read()).isEqualTo("hvs.file-token");
  }
}
