package io.securepool.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads X.509 certificates with Bouncy Castle: every certificate of a PEM bundle, or one
 * DER-encoded certificate. A CA file is read only when it is a regular file of at most {@link
 * #MAX_FILE_BYTES}: a device ({@code /dev/zero}) or a named pipe would otherwise exhaust memory or
 * hang start-up.
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
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws UnusableFile when it is not a regular file, is too large, or is neither PEM nor DER
   * @throws IOException when it cannot be read
   */
  static String readFile(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new UnusableFile(
          "the CA path "
              + file
              + " is "
              + (attributes.isDirectory()
                  ? "a directory"
                  : "not a regular file (a device, pipe or socket)"),
          "point tls.ca-file at a regular file holding the CA certificate(s), PEM or DER");
    }
    if (attributes.size() > MAX_FILE_BYTES) {
      throw tooLarge(file, attributes.size());
    }
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (content.length > MAX_FILE_BYTES) {
      throw tooLarge(file, content.length);
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
  private static String asPem(byte[] content, String name) throws IOException {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN ")) {
      return text;
    }
    if (content.length > 0 && (content[0] & 0xff) == 0x30) {
      try {
        X509CertificateHolder holder = new X509CertificateHolder(content);
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(holder.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (IOException | RuntimeException e) {
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

  /**
   * The certificates in {@code pem}, in order.
   *
   * @throws IOException when the text is not PEM or holds something other than certificates
   * @throws CertificateException when a certificate cannot be decoded
   */
  static List<X509Certificate> parse(String pem) throws IOException, CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader reader = new StringReader(pem);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (!(object instanceof X509CertificateHolder)) {
          throw new IOException(
              "the PEM holds a "
                  + object.getClass().getSimpleName()
                  + " where a certificate was expected");
        }
        certificates.add(converter.getCertificate((X509CertificateHolder) object));
      }
    }
    return certificates;
  }
}
