package io.securepool.posture;

/** Whose login a check needs to see what it checks. */
public enum Vantage {
  /**
   * The application's own least-privilege login: the settings it may read, its own grants and
   * ownerships, the negotiated TLS session.
   */
  APPLICATION,
  /**
   * A DBA's audit login that can read {@code pg_hba_file_rules} and {@code pg_authid}: from the
   * command line only, never from the application's pool.
   */
  DBA
}
