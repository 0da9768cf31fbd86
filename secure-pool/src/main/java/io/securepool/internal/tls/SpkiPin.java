package io.securepool.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * A pin of a public key: {@code sha256/} followed by the Base64 SHA-256 digest of the key's DER
 * SubjectPublicKeyInfo, the format HPKP and OkHttp use ({@code openssl x509 -pubkey -noout |
 * openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64}).
 */
public final class SpkiPin {

  private static final String PREFIX = "sha256/";

  private final byte[] digest;
  private final String text;

  private SpkiPin(byte[] digest, String text) {
    this.digest = digest;
    this.text = text;
  }

  /**
   * Parses a pin.
   *
   * @throws IllegalArgumentException saying what a pin looks like
   */
  public static SpkiPin parse(String text) {
    String trimmed = text.trim();
    if (!trimmed.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "a pin starts with 'sha256/' followed by the Base64 SHA-256 of a public key");
    }
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the pin's digest is not valid Base64", e);
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException(
          "the pin's digest has " + digest.length + " bytes; a SHA-256 digest has 32");
    }
    return new SpkiPin(digest, trimmed);
  }

  /** The pin of a certificate's public key. */
  public static SpkiPin of(X509Certificate certificate) {
    byte[] digest = sha256(certificate.getPublicKey().getEncoded());
    return new SpkiPin(digest, PREFIX + Base64.getEncoder().encodeToString(digest));
  }

  boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(digest, sha256(certificate.getPublicKey().getEncoded()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SpkiPin && Arrays.equals(digest, ((SpkiPin) other).digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return text;
  }
}
