package io.securepool.testkit.vault;

import java.time.Instant;

/**
 * A live lease as a test sees it.
 *
 * @param leaseId the lease id, e.g. {@code database/creds/app/Xk2mQ9vLr4TnB7pZ1cWy8sDf}
 * @param role the role the credentials were issued for
 * @param username the database user the lease owns
 * @param issueTime when it was issued; its max window starts here
 * @param expireTime when the reaper revokes it unless renewed
 * @param irrevocable whether revocation failed too often and is no longer attempted
 */
public record VaultLease(
    String leaseId,
    String role,
    String username,
    Instant issueTime,
    Instant expireTime,
    boolean irrevocable) {}
