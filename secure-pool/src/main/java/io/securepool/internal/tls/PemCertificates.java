package io.securepool.internal.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/** Reads X.509 certificates from PEM text with Bouncy Castle: every certificate of a bundle. */
final class PemCertificates {

  private PemCertificates() {}

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
