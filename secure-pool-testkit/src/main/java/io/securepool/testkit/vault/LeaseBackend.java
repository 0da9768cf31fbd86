package io.securepool.testkit.vault;

import java.time.Instant;

/** The secrets engine behind a lease: how to extend it and how to revoke what it grants. */
interface LeaseBackend {

  /**
   * Renews the secret by the increment (0 for the role default), capped by Vault's TTL rules.
   *
   * @throws VaultError with the status Vault gives for the failure
   */
  Ttl.Grant renew(Lease lease, long increment, Instant now);

  /**
   * Revokes the secret, e.g. drops the database user.
   *
   * @throws Exception when the revocation failed and must be retried
   */
  void revoke(Lease lease) throws Exception;
}
