package io.securepool.internal.tls;

import io.securepool.internal.ConfigFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads X.509 certificates: every certificate of a PEM bundle, or one DER-encoded certificate. A CA
 * file is read through {@link ConfigFile}, only when it is a regular file of at most {@link
 * #MAX_FILE_BYTES}: a device ({@code /dev/zero}) or a named pipe would otherwise exhaust memory or
 * hang start-up.
 *
 * <p>The PEM blocks are split here and each DER certificate is decoded by the JDK's {@code X.509}
 * certificate factory, the same one the TLS handshake uses. Bouncy Castle did this before; loading
 * its signed jars cost about half a second of every application's start-up (docs/spring-boot.md,
 * "Start-up time"), for no check the JDK does not make. Text outside the blocks is ignored (as
 * openssl writes "subject=" lines); a block of another kind (a private key) is refused, as is a
 * block that is not closed, is not Base64, or holds anything after its certificate.
 */
final class PemCertificates {

  /** The largest CA file read: far above any real bundle (the Mozilla bundle is about 220 KB). */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private PemCertificates() {}

  /** Why a CA file cannot be used, with the fix; the message names the file and what was found. */
  static final class UnusableFile extends IOException {
    private static final long serialVersionUID = 1L;
    final String fix;

    UnusableFile(String message, String fix) {
      super(message);
      this.fix = fix;
    }
  }

  /**
   * The CA file's content as PEM text: a PEM file as it is, a DER certificate converted to PEM.
   *
   * @throws UnusableFile when it does not exist, is not a regular file, is too large, cannot be
   *     read, or is neither PEM nor DER
   */
  static String readFile(Path file) throws UnusableFile {
    return readFile(file, "tls.ca-file");
  }

  /** The same for the CA file {@code setting} names, read through {@link ConfigFile}. */
  static String readFile(Path file, String setting) throws UnusableFile {
    byte[] content;
    try {
      content =
          ConfigFile.read(
              file, file.toString(), setting, "the CA certificate(s), PEM or DER", MAX_FILE_BYTES);
    } catch (ConfigFile.Unusable e) {
      throw new UnusableFile(e.getMessage() + "; " + e.why(), e.fix());
    }
    return asPem(content, file.toString());
  }

  /** Reads at most {@link #MAX_FILE_BYTES} of a stream (a class-path resource) as PEM text. */
  static String readStream(InputStream in, String name) throws IOException {
    byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
    if (content.length > MAX_FILE_BYTES) {
      throw tooLarge(name, content.length);
    }
    return asPem(content, name);
  }

  private static UnusableFile tooLarge(Object file, long size) {
    return new UnusableFile(
        "the CA file "
            + file
            + " is larger than "
            + MAX_FILE_BYTES
            + " bytes (at least "
            + size
            + ")",
        "give only the CA certificate(s) that issue the server's certificate");
  }

  /** PEM text as it is; one DER certificate (an ASN.1 SEQUENCE) as PEM; anything else refused. */
  private static String asPem(byte[] content, String name) throws UnusableFile {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN ")) {
      return text;
    }
    if (content.length > 0 && (content[0] & 0xff) == 0x30) {
      try {
        X509Certificate certificate = decode(content);
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (CertificateException | RuntimeException e) {
        throw new UnusableFile(
            name
                + " looks DER-encoded (it starts with an ASN.1 SEQUENCE) but is not a DER X.509"
                + " certificate",
            "give the CA certificate PEM-encoded (-----BEGIN CERTIFICATE-----) or as one DER"
                + " certificate");
      }
    }
    throw new UnusableFile(
        name
            + " is neither PEM (no -----BEGIN CERTIFICATE----- line) nor DER (it does not start"
            + " with an ASN.1 SEQUENCE)",
        "give the CA certificate(s) PEM-encoded, or one certificate DER-encoded");
  }

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  /**
   * The certificates in {@code pem}, in order.
   *
   * @throws IOException when the text is not PEM or holds something other than certificates
   * @throws CertificateException when a certificate cannot be decoded
   */
  static List<X509Certificate> parse(String pem) throws IOException, CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    String[] lines = pem.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.startsWith(BEGIN)) {
        continue; // text between blocks, as openssl writes it
      }
      String label = label(line, BEGIN);
      if (!label.equals("CERTIFICATE") && !label.equals("X509 CERTIFICATE")) {
        throw new IOException(
            "the PEM holds a " + describe(label) + " where a certificate was expected");
      }
      StringBuilder base64 = new StringBuilder();
      String end = END + label + DASHES;
      boolean closed = false;
      for (i++; i < lines.length; i++) {
        String body = lines[i].strip();
        if (body.equals(end)) {
          closed = true;
          break;
        }
        if (body.startsWith(DASHES)) {
          throw new IOException("a PEM certificate block is closed by a line of another kind");
        }
        base64.append(body);
      }
      if (!closed) {
        throw new IOException("a PEM certificate block has no " + end + " line");
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new IOException("a PEM certificate block is not Base64: " + e.getMessage(), e);
      }
      certificates.add(decode(der));
    }
    return certificates;
  }

  /** One DER certificate, nothing before or after it. */
  private static X509Certificate decode(byte[] der) throws CertificateException {
    Certificate certificate =
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    if (!(certificate instanceof X509Certificate)
        || !Arrays.equals(certificate.getEncoded(), der)) {
      throw new CertificateException(
          "the block holds more than one DER X.509 certificate, or bytes after it");
    }
    return (X509Certificate) certificate;
  }

  /** The label of a {@code -----BEGIN LABEL-----} line, or the whole line when malformed. */
  private static String label(String line, String prefix) throws IOException {
    if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
      throw new IOException("a PEM block starts with a malformed " + prefix.strip() + " line");
    }
    return line.substring(prefix.length(), line.length() - DASHES.length());
  }

  /** A label as the message names it: the kind of object, never the block's content. */
  private static String describe(String label) {
    String kind = label.replaceAll("[^A-Z0-9 ]", "").strip();
    kind = kind.length() > 40 ? kind.substring(0, 40) : kind;
    return kind.isEmpty() ? "block of unknown kind" : kind.toLowerCase(java.util.Locale.ROOT);
  }
}
