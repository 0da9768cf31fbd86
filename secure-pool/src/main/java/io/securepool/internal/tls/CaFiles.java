package io.securepool.internal.tls;

import io.securepool.internal.ConfigFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;

/**
 * A pinned CA bundle read from a file named by a setting other than {@code tls.ca-file} (e.g.
 * {@code vault.ca-file}), with the same checks: a regular file of bounded size ({@link
 * ConfigFile}), PEM or one DER certificate (named when found), and at least one certificate and
 * nothing else.
 */
public final class CaFiles {

  private CaFiles() {}

  /**
   * The CA file's certificates as PEM text.
   *
   * @throws ConfigFile.Unusable with what was found, why it matters and the fix
   */
  public static String pem(Path file, String setting) throws ConfigFile.Unusable {
    String pem;
    try {
      pem = PemCertificates.readFile(file, setting);
    } catch (PemCertificates.UnusableFile e) {
      throw new ConfigFile.Unusable(
          "cannot use " + setting + " " + file + ": " + e.getMessage(),
          "the CA is pinned: it is the only trust anchor for the server's certificate",
          e.fix.replace("tls.ca-file", setting));
    }
    List<?> certificates;
    try {
      certificates = PemCertificates.parse(pem);
    } catch (IOException | CertificateException e) {
      throw new ConfigFile.Unusable(
          "cannot use " + setting + " " + file + ": " + e.getMessage(),
          "the CA is pinned: it is the only trust anchor for the server's certificate",
          "give the CA certificate(s) that issue the server's certificate, PEM-encoded"
              + " (-----BEGIN CERTIFICATE-----) or as one DER certificate");
    }
    if (certificates.isEmpty()) {
      throw new ConfigFile.Unusable(
          setting + " names " + file + ", whose PEM holds no certificate",
          "the CA is pinned: it is the only trust anchor for the server's certificate",
          "give the CA certificate(s) that issue the server's certificate,"
              + " -----BEGIN CERTIFICATE----- blocks");
    }
    return pem;
  }
}
