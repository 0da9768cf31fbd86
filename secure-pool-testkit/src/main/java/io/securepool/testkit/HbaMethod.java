package io.securepool.testkit;

/** The authentication method of the test server's {@code pg_hba.conf} lines. */
public enum HbaMethod {
  /** SCRAM-SHA-256, with channel binding available over TLS. The default. */
  SCRAM_SHA_256("scram-sha-256"),
  /** Clear-text password: weak-authentication tests. */
  PASSWORD("password"),
  /** MD5 challenge with MD5-stored passwords: weak-authentication tests. */
  MD5("md5");

  private final String keyword;

  HbaMethod(String keyword) {
    this.keyword = keyword;
  }

  /** The method as written in {@code pg_hba.conf}. */
  public String keyword() {
    return keyword;
  }
}
