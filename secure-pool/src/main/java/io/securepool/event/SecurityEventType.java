package io.securepool.event;

/** The closed set of things secure-pool reports. */
public enum SecurityEventType {
  /** A physical connection failed the TLS policy. */
  CONNECTION_REFUSED_TLS,
  /** A physical connection logged in as a forbidden role, or a borrowed one became a superuser. */
  CONNECTION_REFUSED_ROLE,
  /** The data source was not built: a setting, the URL, the CA or the driver was refused. */
  CONFIGURATION_REFUSED,
  /** A physical connection passed every connect-time guard. */
  CONNECTION_ESTABLISHED,
  /** The statement inspector refused a statement. */
  STATEMENT_REJECTED,
  /** The statement inspector would have refused a statement but runs in DETECT mode. */
  STATEMENT_DETECTED,
  /**
   * A caller unwrapped a connection or statement to a driver type, outside the inspector's view.
   */
  CONNECTION_UNWRAPPED,
  /** A borrowed connection's session was reset. */
  SESSION_RESET,
  /** Credentials were renewed. */
  CREDENTIALS_RENEWED,
  /** The pool moved to new credentials. */
  CREDENTIALS_ROTATED,
  /** Credentials could not be obtained, renewed or used. */
  CREDENTIALS_FAILED,
  /**
   * An old credentials lease could not be revoked (Vault denied it, or kept failing): its database
   * login stays usable until the lease expires.
   */
  CREDENTIALS_REVOKE_FAILED,
  /** Development-only credentials are in use. */
  CREDENTIALS_INSECURE,
  /** The credentials source (Vault) cannot be reached; the pool runs on what it has. */
  VAULT_DEGRADED,
  /** The credentials source (Vault) answers again. */
  VAULT_RECOVERED,
  /** A setting relaxed a default, e.g. channel binding set to prefer. */
  POLICY_RELAXED,
  /**
   * The role guard accepted a login but found something that widens what an injected statement
   * could do: a SECURITY DEFINER function of a privileged owner it may run, objects it owns, row
   * security it could bypass as owner. {@code role-guard.warnings-as-refusals} turns these into
   * refusals.
   */
  ROLE_WARNING,
  /**
   * A checkout did not get a ready connection within {@code pool.connection-timeout}: the pool was
   * exhausted, connects failed, or the session could not be prepared in time.
   */
  CHECKOUT_TIMEOUT,
  /**
   * A connection was retired before its credential lease ends, so no borrower meets a revoked role.
   */
  CONNECTION_RETIRED,
  /**
   * A borrower used a connection object (the connection {@code unwrap} returned, a statement,
   * metadata) after closing the connection: a connection kept past {@code close()}, by a bug or by
   * hostile code. The call was refused; the physical connection may serve another borrower.
   */
  LEASE_ENDED_USE,
  /**
   * The server posture audit found a weakness ({@code SP-POSTURE-*}, one event per finding), or
   * could not finish ({@code SP-POSTURE-AUDIT-FAILED}).
   */
  POSTURE_FINDING
}
