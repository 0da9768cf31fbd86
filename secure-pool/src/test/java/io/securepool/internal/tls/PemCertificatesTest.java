package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securepool.testkit.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CA files: PEM and DER recognised; devices, pipes, directories and huge files refused at once. */
class PemCertificatesTest {

  @TempDir Path dir;

  private static final String PEM = TestCertificates.generate().caPem();

  @Test
  void readsPemAndDer() throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), PEM);
    assertThat(PemCertificates.parse(PemCertificates.readFile(pem))).hasSize(1);
    Path der = Files.write(dir.resolve("ca.der"), der(PEM));
    assertThat(PemCertificates.parse(PemCertificates.readFile(der)))
        .isEqualTo(PemCertificates.parse(PEM));
  }

  @Test
  void saysWhichEncodingWasFound() throws Exception {
    Path text = Files.writeString(dir.resolve("ca.txt"), "hello, I am not a certificate");
    assertThatThrownBy(() -> PemCertificates.readFile(text))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("neither PEM")
        .hasMessageContaining("nor DER");
    Path almostDer = Files.write(dir.resolve("bad.der"), new byte[] {0x30, 0x03, 0x01, 0x01});
    assertThatThrownBy(() -> PemCertificates.readFile(almostDer))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("DER");
  }

  @Test
  void refusesDevicesDirectoriesAndHugeFilesWithoutReadingThem() throws Exception {
    assertThatThrownBy(() -> PemCertificates.readFile(Path.of("/dev/zero")))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> PemCertificates.readFile(dir))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("directory");
    Path huge = dir.resolve("huge.pem");
    Files.write(huge, new byte[PemCertificates.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> PemCertificates.readFile(huge))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("larger than");
    assertThatThrownBy(
            () ->
                PemCertificates.readStream(
                    new ByteArrayInputStream(new byte[PemCertificates.MAX_FILE_BYTES + 1]), "r"))
        .isInstanceOf(PemCertificates.UnusableFile.class);
  }

  @Test
  void refusesANamedPipeWithoutHanging() throws Exception {
    Path fifo = dir.resolve("ca.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
    long start = System.nanoTime();
    assertThatThrownBy(() -> PemCertificates.readFile(fifo))
        .isInstanceOf(PemCertificates.UnusableFile.class)
        .hasMessageContaining("not a regular file");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void readsABundleWithTextBetweenBlocksAndCrLfLines() throws Exception {
    String other = TestCertificates.generate().caPem();
    String bundle =
        "subject=CN=first\n" + PEM + "\nissuer=CN=second\r\n" + other.replace("\n", "\r\n");
    assertThat(PemCertificates.parse(bundle))
        .hasSize(2)
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly(
            PemCertificates.parse(PEM).get(0).getSubjectX500Principal().getName(),
            PemCertificates.parse(other).get(0).getSubjectX500Principal().getName());
    assertThat(PemCertificates.parse("no blocks at all")).isEmpty();
  }

  @Test
  void refusesBlocksThatAreNotExactlyOneCertificate() {
    String body = PEM.substring(PEM.indexOf('\n') + 1, PEM.indexOf("-----END"));
    // a private key (or any other kind) where a certificate belongs: named by kind, never content
    assertThatThrownBy(
            () ->
                PemCertificates.parse(
                    PEM + "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n"))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("private key where a certificate was expected")
        .hasMessageNotContaining("c2VjcmV0");
    // not closed, closed by another kind, not Base64
    assertThatThrownBy(() -> PemCertificates.parse("-----BEGIN CERTIFICATE-----\n" + body))
        .hasMessageContaining("no -----END CERTIFICATE----- line");
    assertThatThrownBy(
            () ->
                PemCertificates.parse(
                    "-----BEGIN CERTIFICATE-----\n" + body + "-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("another kind");
    assertThatThrownBy(
            () ->
                PemCertificates.parse(
                    "-----BEGIN CERTIFICATE-----\n*" + body + "-----END CERTIFICATE-----\n"))
        .hasMessageContaining("not Base64");
    // bytes after the certificate inside one block
    byte[] der = der(PEM);
    byte[] padded = java.util.Arrays.copyOf(der, der.length + 2);
    String trailing =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getEncoder().encodeToString(padded)
            + "\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> PemCertificates.parse(trailing))
        .isInstanceOf(java.security.cert.CertificateException.class);
    // a malformed BEGIN line
    assertThatThrownBy(() -> PemCertificates.parse("-----BEGIN CERTIFICATE\n" + body))
        .hasMessageContaining("malformed");
  }

  private static byte[] der(String pem) {
    String body =
        pem.replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
  }
}
