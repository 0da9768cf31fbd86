package io.securepool.internal.credentials;

import io.securepool.api.SecurityRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * An AppRole secret id delivered response-wrapped: the input holds a single-use wrapping token, and
 * the secret id is what {@code sys/wrapping/unwrap} gives for it. Unwrapped once; the result is
 * kept (in memory only) for later logins while the input still holds the same wrapping token, and a
 * new wrapping token in the input (a sidecar delivered a new secret id) is unwrapped again.
 *
 * <p>Wrapped when the setting says so, or when the input is shaped like a Vault token ({@code
 * hvs.…}, {@code s.…}) where a secret id (a UUID, or a custom value) is expected. A wrapping token
 * that Vault no longer knows was used by someone else, or expired: the login fails with {@code
 * SP-CRED-VAULT-UNWRAP} saying so, since that is how an intercepted secret id shows.
 *
 * <p>Before unwrapping, the wrapping token is looked up ({@code sys/wrapping/lookup}, which does
 * not use it up) and its {@code creation_path} must be {@code auth/<mount>/role/<role>/secret-id}
 * of the configured AppRole mount, as Vault's own clients check: otherwise someone who intercepted
 * the real wrapping token substituted one of their own (wrapping a secret id of another role, or
 * any other answer, e.g. through {@code sys/wrapping/wrap}), and it is refused with {@code
 * SP-CRED-VAULT-UNWRAP} without being unwrapped.
 */
final class WrappedSecretId {

  private static final Pattern TOKEN_SHAPE =
      Pattern.compile("(?:hv[sb]|[sb])\\.[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9_-]+)?");

  private final boolean always;
  private final String mount;
  private final Pattern creationPath;
  private byte[] lastWrapped;
  private String unwrapped;

  /**
   * @param always whether the input is always a wrapping token
   * @param mount the AppRole mount the secret id must have been created at
   */
  WrappedSecretId(boolean always, String mount) {
    this.always = always;
    this.mount = mount;
    this.creationPath =
        Pattern.compile("auth/" + Pattern.quote(mount) + "/role/[A-Za-z0-9._@-]+/secret-id");
  }

  static boolean looksWrapped(String input) {
    return TOKEN_SHAPE.matcher(input).matches();
  }

  /** The secret id to log in with, for what the input holds now. */
  synchronized String secretId(String input, VaultEndpoint endpoint) throws VaultCallException {
    if (!always && !looksWrapped(input)) {
      return input;
    }
    byte[] digest = digest(input);
    if (unwrapped != null && MessageDigest.isEqual(digest, lastWrapped)) {
      return unwrapped;
    }
    String secretId;
    try {
      VaultClient client = endpoint.client(input);
      String path = client.wrappingCreationPath();
      if (!creationPath.matcher(path).matches()) {
        throw VaultCallException.refused(
            SecurityRule.CRED_VAULT_UNWRAP,
            "the wrapping token given as the AppRole secret id was not made by a secret-id request"
                + " on this AppRole mount (its creation path is not "
                + "auth/"
                + mount
                + "/role/<role>/secret-id"
                + "); it was not unwrapped. Someone may have intercepted the real wrapping token and"
                + " substituted their own: treat the secret id as compromised",
            200);
      }
      secretId = client.unwrapSecretId();
    } catch (VaultCallException e) {
      if (e.status() == 400 || e.status() == 403 || e.status() == 404) {
        throw VaultCallException.refused(
            SecurityRule.CRED_VAULT_UNWRAP,
            "Vault did not unwrap the wrapped AppRole secret id ("
                + e.status()
                + "): the wrapping token is unknown, expired or already used. If this service did"
                + " not use it, someone else may have: treat the secret id as compromised",
            e.status());
      }
      throw e;
    }
    lastWrapped = digest;
    unwrapped = secretId;
    return secretId;
  }

  private static byte[] digest(String input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
