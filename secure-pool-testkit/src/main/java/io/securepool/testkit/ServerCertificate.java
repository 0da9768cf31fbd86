package io.securepool.testkit;

/** Which certificate a test PostgreSQL server presents. */
public enum ServerCertificate {
  /** Issued by the test CA for {@code localhost} and {@code 127.0.0.1}, valid for a year. */
  VALID,
  /**
   * Issued by the test CA for {@code localhost} and {@code 127.0.0.1}, valid, but expiring in five
   * days: what the posture audit's certificate-expiry check warns about.
   */
  NEAR_EXPIRY,
  /** Issued for {@code localhost} by an unrelated CA. */
  WRONG_CA,
  /** Issued by the test CA for {@code localhost}, but expired yesterday. */
  EXPIRED,
  /** Issued by the test CA for another host name only. */
  OTHER_HOST
}
