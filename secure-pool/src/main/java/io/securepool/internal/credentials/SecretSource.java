package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Where the database credentials live in Vault: dynamic, static role, or KV v2. */
public interface SecretSource {

  /** Reads or issues credentials now. */
  Issued issue(VaultClient client, Instant now, RenewTiming timing) throws VaultCallException;

  /**
   * Looks after {@code current} when its time came: renews a lease, or re-reads the secret. Returns
   * {@code current} renewed (same credentials) or new credentials when the lease could not be
   * extended (capped by max TTL, or gone) or the secret changed. Without a lease to renew, the
   * secret is read again. Each TTL counts from {@code clock}'s time just before the call that
   * obtained it.
   */
  default Issued next(VaultClient client, Issued current, Clock clock, RenewTiming timing)
      throws VaultCallException {
    return issue(client, clock.instant(), timing);
  }

  /** Whether the credentials belong to the token (dynamic leases die with their token). */
  default boolean ownedByToken() {
    return false;
  }

  /** For logs and health, e.g. {@code database/creds/app}; never a secret. */
  String describe();

  /** Dynamic credentials from {@code <mount>/creds/<role>}, renewed until max TTL. */
  static SecretSource dynamic(String mount, String role) {
    return new SecretSource() {
      @Override
      public Issued issue(VaultClient client, Instant now, RenewTiming timing)
          throws VaultCallException {
        VaultClient.Lease lease = client.databaseCreds(mount, role, now);
        Instant expires = now.plus(lease.duration());
        return new Issued(
            Credentials.leased(lease.username(), lease.password(), lease.leaseId(), expires),
            lease.leaseId(),
            lease.duration(),
            Issued.lastLogin(expires, lease.duration()),
            timing.renewAt(now, lease.duration()));
      }

      @Override
      public Issued next(VaultClient client, Issued current, Clock clock, RenewTiming timing)
          throws VaultCallException {
        Instant now = clock.instant();
        Duration granted;
        try {
          granted = client.renewLease(current.revocableLease, current.leaseDuration);
        } catch (VaultCallException e) {
          if (e.rejected()) {
            return issue(client, clock.instant(), timing); // lease gone, expired or past max TTL
          }
          throw e;
        }
        if (granted.compareTo(current.leaseDuration) < 0) {
          return issue(client, clock.instant(), timing); // capped by max TTL: rotate now
        }
        Instant expires = now.plus(granted);
        Credentials renewed =
            Credentials.leased(
                current.credentials.username(),
                current.credentials.password(),
                current.revocableLease,
                expires);
        return new Issued(
            renewed,
            current.revocableLease,
            current.leaseDuration,
            Issued.lastLogin(expires, granted),
            timing.renewAt(now, granted));
      }

      @Override
      public boolean ownedByToken() {
        return true;
      }

      @Override
      public String describe() {
        return mount + "/creds/" + role;
      }
    };
  }

  /**
   * A static role from {@code <mount>/static-creds/<role>}: re-read just after each rotation. New
   * logins with the old password fail after the rotation, so the credentials stay usable for a
   * short grace only, while the re-read happens.
   */
  static SecretSource staticRole(String mount, String role, Duration grace) {
    return new SecretSource() {
      @Override
      public Issued issue(VaultClient client, Instant now, RenewTiming timing)
          throws VaultCallException {
        VaultClient.StaticCreds creds = client.staticCreds(mount, role);
        Instant rotation = now.plus(creds.ttl());
        String version = mount + "/static-creds/" + role + "@" + creds.lastRotation();
        return new Issued(
            Credentials.leased(creds.username(), creds.password(), version, rotation),
            null,
            creds.ttl(),
            rotation.plus(grace),
            // Every replica sees the rotation at once: spread the re-reads over half the grace.
            timing.spread(rotation.plusMillis(500), grace.dividedBy(2)));
      }

      @Override
      public String describe() {
        return mount + "/static-creds/" + role;
      }
    };
  }

  /** Username and password keys of a KV v2 secret, re-read every {@code refresh}. */
  static SecretSource kv(
      String mount, String path, String usernameKey, String passwordKey, Duration refresh) {
    return new SecretSource() {
      @Override
      public Issued issue(VaultClient client, Instant now, RenewTiming timing)
          throws VaultCallException {
        VaultClient.KvSecret secret = client.kvRead(mount, path);
        String where = mount + "/data/" + path;
        // The password first: the user name, which is shown, is checked against it.
        String password = client.kvValue(secret, where, passwordKey, true);
        String username = client.kvValue(secret, where, usernameKey, false);
        String version = mount + "/data/" + path + "@" + secret.version();
        return new Issued(
            Credentials.leased(username, password, version, null),
            null,
            refresh,
            null,
            timing.early(now, refresh));
      }

      @Override
      public String describe() {
        return mount + "/data/" + path;
      }
    };
  }
}
