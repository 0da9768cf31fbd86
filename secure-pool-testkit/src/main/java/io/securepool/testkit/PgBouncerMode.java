package io.securepool.testkit;

/** PgBouncer's {@code pool_mode}: when a server connection goes back to PgBouncer's pool. */
public enum PgBouncerMode {
  /** When the client disconnects: the client has one server session for its whole life. */
  SESSION("session"),
  /** When each transaction ends: consecutive transactions of one client may run on any session. */
  TRANSACTION("transaction");

  private final String keyword;

  PgBouncerMode(String keyword) {
    this.keyword = keyword;
  }

  /** The value of {@code pool_mode} in {@code pgbouncer.ini}. */
  public String keyword() {
    return keyword;
  }
}
