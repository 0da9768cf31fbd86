package io.securepool.credentials.vault;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.Refusals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code vault.*} settings into a {@link VaultCredentialsProvider.Builder}. */
final class VaultSettings {

  private static final SecurityRule RULE = SecurityRule.CONFIG_VAULT;

  private VaultSettings() {}

  static VaultCredentialsProvider.Builder builder(SecurePoolConfig config)
      throws InvalidConfigurationException {
    String pool = config.get(Setting.POOL_NAME);
    VaultCredentialsProvider.Builder builder =
        VaultCredentialsProvider.builder()
            .poolName(pool)
            .eventListeners(config.listeners())
            .allowHttpLoopback(config.flag(Setting.VAULT_ALLOW_HTTP_LOOPBACK))
            .openTimeout(config.duration(Setting.VAULT_OPEN_TIMEOUT))
            .readTimeout(config.duration(Setting.VAULT_READ_TIMEOUT))
            .renewPercent(config.integer(Setting.VAULT_RENEW_PERCENT))
            .renewJitterPercent(config.integer(Setting.VAULT_RENEW_JITTER_PERCENT))
            .maxRedirects(config.integer(Setting.VAULT_REDIRECT_MAX_HOPS))
            .backoff(
                config.duration(Setting.VAULT_RETRY_INITIAL_BACKOFF),
                config.duration(Setting.VAULT_RETRY_MAX_BACKOFF));
    int maxResponse = config.integer(Setting.VAULT_MAX_RESPONSE_BYTES);
    if (maxResponse < 1024) {
      throw Refusals.config(
          RULE,
          pool,
          "vault.max-response-bytes is " + maxResponse,
          "Vault's answers need a few KiB",
          "choose at least 1024 (4194304 is the default)",
          null);
    }
    int attempts = config.integer(Setting.VAULT_REVOKE_MAX_ATTEMPTS);
    if (attempts < 1) {
      throw Refusals.config(
          RULE,
          pool,
          "vault.revoke.max-attempts is 0",
          "an old lease must be revoked at least once",
          "choose 1 or more (6 is the default)",
          null);
    }
    builder
        .maxResponseBytes(maxResponse)
        .revocation(attempts, config.duration(Setting.VAULT_REVOKE_TOLERATED_REMAINING_LIFE));
    if (config.get(Setting.VAULT_ADDRESS) != null) {
      builder.address(config.get(Setting.VAULT_ADDRESS));
    }
    if (config.get(Setting.VAULT_CA_FILE) != null) {
      builder.caFile(Path.of(config.get(Setting.VAULT_CA_FILE)));
    }
    if (config.get(Setting.VAULT_CA_PEM) != null) {
      builder.caPem(config.get(Setting.VAULT_CA_PEM));
    }
    builder.namespace(config.get(Setting.VAULT_NAMESPACE));
    String redirectHosts = config.get(Setting.VAULT_REDIRECT_ALLOWED_HOSTS);
    if (redirectHosts != null && !redirectHosts.isBlank()) {
      builder.redirectAllowedHosts(List.of(redirectHosts.split(",")));
    }
    builder.auth(auth(config, pool));
    builder.secret(secret(config, pool));
    return builder;
  }

  private static VaultAuth auth(SecurePoolConfig config, String pool)
      throws InvalidConfigurationException {
    String method = config.get(Setting.VAULT_AUTH_METHOD);
    String mount = config.get(Setting.VAULT_AUTH_MOUNT);
    switch (method) {
      case "approle":
        return VaultAuth.appRole(
            mount == null ? "approle" : mount,
            input(
                config,
                pool,
                Setting.VAULT_AUTH_ROLE_ID,
                Setting.VAULT_AUTH_ROLE_ID_FILE,
                Setting.VAULT_AUTH_ROLE_ID_ENV),
            input(
                config,
                pool,
                Setting.VAULT_AUTH_SECRET_ID,
                Setting.VAULT_AUTH_SECRET_ID_FILE,
                Setting.VAULT_AUTH_SECRET_ID_ENV),
            config.flag(Setting.VAULT_APPROLE_SECRET_ID_WRAPPED));
      case "kubernetes":
        String role = config.get(Setting.VAULT_AUTH_KUBERNETES_ROLE);
        if (role == null) {
          throw missing(pool, "vault.auth.kubernetes-role", "Kubernetes login needs a Vault role");
        }
        return VaultAuth.kubernetes(
            mount == null ? "kubernetes" : mount,
            role,
            Path.of(config.get(Setting.VAULT_AUTH_JWT_FILE)));
      default:
        return VaultAuth.token(
            input(
                config,
                pool,
                Setting.VAULT_AUTH_TOKEN,
                Setting.VAULT_AUTH_TOKEN_FILE,
                Setting.VAULT_AUTH_TOKEN_ENV));
    }
  }

  /** Exactly one of a value, a file or an environment variable. */
  private static SecretInput input(
      SecurePoolConfig config, String pool, Setting value, Setting file, Setting variable)
      throws InvalidConfigurationException {
    List<String> given = new ArrayList<>();
    for (Setting setting : List.of(value, file, variable)) {
      if (config.get(setting) != null) {
        given.add(setting.key());
      }
    }
    if (given.size() != 1) {
      throw Refusals.config(
          RULE,
          pool,
          given.isEmpty()
              ? "none of " + value.key() + ", " + file.key() + ", " + variable.key() + " is set"
              : "more than one of " + String.join(", ", given) + " is set",
          "the Vault login needs exactly one source for this input",
          "set one of " + value.key() + " (value), " + file.key() + " or " + variable.key(),
          null);
    }
    if (config.get(file) != null) {
      return SecretInput.file(Path.of(config.get(file))).from(file.key());
    }
    if (config.get(variable) != null) {
      return SecretInput.environment(config.get(variable)).from(variable.key());
    }
    return SecretInput.value(config.get(value)).from(value.key());
  }

  private static VaultSecret secret(SecurePoolConfig config, String pool)
      throws InvalidConfigurationException {
    String kind = config.get(Setting.VAULT_SECRET_KIND);
    String mount = config.get(Setting.VAULT_SECRET_MOUNT);
    if ("kv".equals(kind)) {
      String path = config.get(Setting.VAULT_SECRET_KV_PATH);
      if (path == null) {
        throw missing(pool, "vault.secret.kv-path", "a KV v2 secret is read at a path");
      }
      return VaultSecret.kv(
          mount == null ? "secret" : mount,
          path,
          config.get(Setting.VAULT_SECRET_KV_USERNAME_KEY),
          config.get(Setting.VAULT_SECRET_KV_PASSWORD_KEY),
          config.duration(Setting.VAULT_SECRET_KV_REFRESH));
    }
    String role = config.get(Setting.VAULT_SECRET_ROLE);
    if (role == null) {
      throw missing(pool, "vault.secret.role", "the database secrets engine issues per role");
    }
    return "static".equals(kind)
        ? VaultSecret.staticRole(mount == null ? "database" : mount, role)
        : VaultSecret.dynamic(mount == null ? "database" : mount, role);
  }

  private static InvalidConfigurationException missing(String pool, String key, String why) {
    return Refusals.config(RULE, pool, key + " is not set", why, "set " + key, null);
  }
}
