package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.testkit.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vault.ca-file} is read as {@code tls.ca-file} is: a regular file of bounded size, PEM or
 * one DER certificate, holding certificates and nothing else. A pipe, a device, a directory, a huge
 * file, a malformed DER file, a PEM without certificates or with a private key are refused at once
 * when the provider is built, saying what was found and how to fix it.
 */
class VaultCaFileTest {

  private static String caPem;

  @TempDir Path dir;

  @BeforeAll
  static void certificates() {
    caPem = TestCertificates.generate().caPem();
  }

  private static VaultCredentialsProvider.Builder builder() {
    return VaultCredentialsProvider.builder()
        .address("https://vault.internal:8200")
        .auth(VaultAuth.token(SecretInput.value("hvs.not-used-here")))
        .secret(VaultSecret.dynamic("database", "orders"));
  }

  /** What building with this CA file does within 5 s: the provider, an exception, or a hang. */
  private static Object buildWithin5s(Path caFile) throws Exception {
    CompletableFuture<Object> build =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return builder().caFile(caFile).build();
              } catch (Throwable e) {
                return e;
              }
            });
    try {
      return build.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return "HUNG: build() did not return within 5 s";
    }
  }

  private static void refused(Object outcome, String... said) {
    assertThat(outcome).isInstanceOf(InvalidConfigurationException.class);
    assertThat(((Throwable) outcome).getMessage()).contains("vault.ca-file").contains(said);
  }

  @Test
  void aNamedPipeIsRefusedWithoutHanging() throws Exception {
    Path fifo = dir.resolve("vault-ca.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    refused(buildWithin5s(fifo), "not a regular file");
  }

  @Test
  void aDeviceADirectoryAndAHugeFileAreRefused() throws Exception {
    refused(buildWithin5s(Path.of("/dev/zero")), "not a regular file");
    refused(buildWithin5s(dir), "a directory");
    Path huge = dir.resolve("huge.pem");
    Files.write(huge, new byte[2 * 1024 * 1024]);
    refused(buildWithin5s(huge), "larger than");
    refused(buildWithin5s(dir.resolve("missing.pem")), "no such file");
  }

  @Test
  void aDerCertificateIsReadAndAMalformedDerFileIsNamedSo() throws Exception {
    byte[] der =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)))
            .getEncoded();
    Path file = Files.write(dir.resolve("vault-ca.crt"), der);
    Object outcome = buildWithin5s(file);
    assertThat(outcome).isInstanceOf(VaultCredentialsProvider.class);
    ((VaultCredentialsProvider) outcome).close();

    byte[] cut = java.util.Arrays.copyOf(der, der.length / 2);
    refused(buildWithin5s(Files.write(dir.resolve("cut.crt"), cut)), "DER");
  }

  @Test
  void aPemWithoutCertificatesOrWithAPrivateKeyIsRefused() throws Exception {
    refused(
        buildWithin5s(Files.writeString(dir.resolve("empty.pem"), "just text, no PEM at all")),
        "neither PEM");
    refused(
        buildWithin5s(
            Files.writeString(
                dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")),
        "private key");
    refused(
        buildWithin5s(
            Files.writeString(
                dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n")),
        "END CERTIFICATE");
  }

  @Test
  void aPemBundleIsRead() throws Exception {
    Object outcome = buildWithin5s(Files.writeString(dir.resolve("ca.pem"), caPem + caPem));
    assertThat(outcome).isInstanceOf(VaultCredentialsProvider.class);
    ((VaultCredentialsProvider) outcome).close();
  }
}
