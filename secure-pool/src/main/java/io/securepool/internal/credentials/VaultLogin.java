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
        return endpoint.client(token.read()).lookupSelf();
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

  /** AppRole at {@code auth/<mount>}; a response-wrapped secret id is unwrapped when detected. */
  static VaultLogin appRole(String mount, SecretText roleId, SecretText secretId) {
    return appRole(mount, roleId, secretId, false);
  }

  /**
   * AppRole at {@code auth/<mount>}; with {@code wrapped}, the secret id input is always a wrapping
   * token, unwrapped once through {@code sys/wrapping/unwrap}.
   */
  static VaultLogin appRole(String mount, SecretText roleId, SecretText secretId, boolean wrapped) {
    WrappedSecretId unwrapper = new WrappedSecretId(wrapped, mount);
    return new VaultLogin() {
      @Override
      public VaultClient.Login login(VaultEndpoint endpoint)
          throws VaultCallException, IOException {
        String id = unwrapper.secretId(secretId.read(), endpoint);
        return endpoint.client(null).appRoleLogin(mount, roleId.read(), id);
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
        return endpoint.client(null).kubernetesLogin(mount, role, jwt.read());
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
