package io.securepool.internal.credentials;

import java.io.IOException;

/** How the pool gets a Vault token: a given token, AppRole, or Kubernetes. */
public interface VaultLogin {

  /** Logs in (or looks the given token up) and returns the token with its TTL. */
  VaultClient.Login login(VaultEndpoint endpoint) throws VaultCallException, IOException;

  /**
   * Whether a new login can bring a new token before the current one's max TTL; a token given as a
   * value cannot be replaced.
   */
  boolean canLogInAgain();

  /** For logs and health: the method and mount, never a secret. */
  String describe();

  /** A given token, looked up with lookup-self; re-read on each login when it comes from a file. */
  static VaultLogin token(SecretText token, boolean fromFile) {
    return new VaultLogin() {
      @Override
      public VaultClient.Login login(VaultEndpoint endpoint)
          throws VaultCallException, IOException {
        String value = token.read();
        return new VaultClient(endpoint.vault(value)).lookupSelf(value);
      }

      @Override
      public boolean canLogInAgain() {
        return fromFile;
      }

      @Override
      public String describe() {
        return fromFile ? "token (file)" : "token";
      }
    };
  }

  /** AppRole at {@code auth/<mount>}. */
  static VaultLogin appRole(String mount, SecretText roleId, SecretText secretId) {
    return new VaultLogin() {
      @Override
      public VaultClient.Login login(VaultEndpoint endpoint)
          throws VaultCallException, IOException {
        return new VaultClient(endpoint.vault(null))
            .appRoleLogin(mount, roleId.read(), secretId.read());
      }

      @Override
      public boolean canLogInAgain() {
        return true;
      }

      @Override
      public String describe() {
        return "approle at auth/" + mount;
      }
    };
  }

  /** Kubernetes at {@code auth/<mount>} with the service-account JWT, re-read on each login. */
  static VaultLogin kubernetes(String mount, String role, SecretText jwt) {
    return new VaultLogin() {
      @Override
      public VaultClient.Login login(VaultEndpoint endpoint)
          throws VaultCallException, IOException {
        return new VaultClient(endpoint.vault(null)).kubernetesLogin(mount, role, jwt.read());
      }

      @Override
      public boolean canLogInAgain() {
        return true;
      }

      @Override
      public String describe() {
        return "kubernetes role " + role + " at auth/" + mount;
      }
    };
  }
}
