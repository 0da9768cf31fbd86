package io.securepool.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule secure-pool enforces or reports, in one catalogue. A rule's id ({@code SP-…}) is
 * stable: it appears in refusals ({@link SecurePoolException#rule()}), security events, posture
 * findings and logs, and never changes meaning. docs/rules.md is generated from this catalogue (a
 * test fails when the two differ).
 *
 * <p>The SQLState is the one a refusal under this rule carries; it is {@code null} for rules that
 * only report (events, posture findings) or whose refusal is not a {@link SecurePoolException}.
 */
public enum SecurityRule {
  // The JDBC URL and driver properties (docs/guards/tls.md)
  URL_MALFORMED("08001", "Not a PostgreSQL JDBC URL secure-pool can harden"),
  URL_NO_HOST("08001", "A URL without a host"),
  URL_DUPLICATE("08001", "A URL parameter given twice"),
  URL_TARGET_PARAMETER("08001", "A host-targeting parameter with a value that is not allowed"),
  URL_UNKNOWN_PROPERTY("08001", "A driver property pgjdbc does not know"),
  URL_SSLMODE("08001", "An sslmode weaker than verify-full"),
  URL_SSL_DISABLED("08001", "ssl=false on the URL"),
  URL_SSLFACTORY("08001", "A custom SSL socket factory"),
  URL_SOCKET_FACTORY("08001", "A custom socket factory"),
  URL_HOSTNAME_VERIFIER("08001", "A custom hostname verifier"),
  URL_SSLROOTCERT("08001", "A root certificate that is not the pinned CA"),
  URL_SSLPASSWORD("08001", "A client-key password on the URL"),
  URL_CLIENT_CERT("08001", "Client certificate properties that bypass the policy"),
  URL_CHANNEL_BINDING("08001", "A channel-binding setting weaker than the pool's"),
  URL_GSSENC("08001", "GSS encryption instead of verified TLS"),
  URL_AUTH_PLUGIN("08001", "A custom authentication plugin"),
  URL_REQUIRE_AUTH("08001", "A login-method restriction on the URL"),
  URL_CREDENTIALS("08001", "User or password in the URL"),
  URL_OPTIONS("08001", "Server start-up options on the URL"),
  URL_SERVICE("08001", "A pg_service.conf service entry"),
  URL_REPLICATION("08001", "A replication connection"),
  URL_APPLICATION_NAME("08001", "application_name set on the URL"),
  URL_CLASS_NAME("08001", "A class name the driver would load"),
  URL_CONFLICT("08001", "URL and driver properties that contradict each other"),
  URL_EFFECTIVE_MISMATCH("08001", "Effective driver settings that differ from the hardened ones"),
  URL_DRIVER_DEFAULTS("08001", "A driver defaults file that could weaken the URL"),
  URL_DATABASE_NAME("08001", "A database name that is not one plain name"),
  URL_CONTROL_CHARACTER(
      "08001", "A driver property value holding a NUL or another control character"),
  URL_TARGET_SERVER_TYPE("08001", "A targetServerType that is not allowed"),
  URL_MULTI_HOST_TARGET(
      "08001", "Several hosts on a writing pool that does not target the primary"),
  URL_STANDBY_READ_WRITE("08001", "A pool that may land on a standby without readOnly=true"),
  // The driver
  DRIVER_VERSION("08001", "A pgjdbc version below the supported floor"),
  // TLS and the server certificate
  TLS_CA("08004", "A pinned CA that cannot be read"),
  TLS_PIN_FORMAT("08004", "A malformed SPKI pin"),
  TLS_UNTRUSTED("08004", "A server certificate not issued by the pinned CA"),
  TLS_HOSTNAME("08004", "A server certificate that does not name the host"),
  TLS_EXPIRED("08004", "An expired or not yet valid server certificate"),
  TLS_PIN("08004", "A server key that matches no SPKI pin"),
  TLS_WEAK_CERTIFICATE("08004", "A server certificate with a weak signature or key"),
  TLS_PROTOCOL("08004", "A TLS version below the minimum"),
  TLS_HANDSHAKE("08004", "A TLS handshake that failed"),
  TLS_NOT_OFFERED("08004", "A server that does not offer TLS"),
  TLS_NOT_VERIFIED("08004", "A connection whose TLS was not verified"),
  TLS_CHANNEL_BINDING("08004", "A login without SCRAM channel binding"),
  // The login method
  AUTH_WEAK("08004", "A login method weaker than SCRAM"),
  AUTH_SERVER_REFUSED("08004", "The server refused the login"),
  // Hosts
  HOST_READ_ONLY("08001", "A session that could not be made read-only"),
  // The login role
  ROLE_SUPERUSER("28000", "A superuser login"),
  ROLE_SUPERUSER_MEMBER("28000", "A login that can become a superuser"),
  ROLE_REPLICATION("28000", "A login with REPLICATION"),
  ROLE_BYPASSRLS("28000", "A login with BYPASSRLS"),
  ROLE_CREATEROLE("28000", "A login with CREATEROLE"),
  ROLE_CREATEDB("28000", "A login with CREATEDB"),
  ROLE_MEMBERSHIP("28000", "A login that is a member of a denied role"),
  ROLE_DATABASE_OWNER("28000", "A login that owns the database"),
  ROLE_PRIVILEGED_FUNCTION(
      "28000", "A login, or PUBLIC, granted a function that only superusers may run by default"),
  ROLE_PARAMETER_PRIVILEGE(
      "28000", "A login granted SET on a superuser-only setting, or ALTER SYSTEM on any"),
  ROLE_CATALOG_CREATE(
      "28000", "A login that may create objects in a schema every session searches first"),
  ROLE_UNKNOWN("28000", "A login whose attributes could not be read"),
  ROLE_ESCALATED(null, "A session whose role or authorization changed"),
  ROLE_OWNS_OBJECTS(null, "A login that owns tables, schemas or functions"),
  ROLE_RLS_NOT_FORCED(null, "Row-level security not forced on the login's tables"),
  ROLE_SECURITY_DEFINER(null, "A SECURITY DEFINER function the login owns"),
  // The statement inspector
  SQL_SESSION_AUTH("42000", "A statement that switches role or session authorization"),
  SQL_DANGEROUS_FUNCTION(
      "42000", "A call of a function that runs SQL out of sight or changes identity"),
  SQL_STACKED("42000", "Several statements in one call"),
  SQL_MALFORMED("42000", "An unterminated quote, comment or identifier"),
  SQL_TAUTOLOGY("42000", "An OR with a predicate that is always true"),
  SQL_COMMENT_TRUNCATION("42000", "A comment that cuts off the rest of a statement"),
  SQL_INJECTION_PATTERN("42000", "A known injection pattern"),
  SQL_LITERAL_VARIANCE("42000", "A call site whose literals vary like concatenated values"),
  SQL_STRICT_LITERAL("42000", "A string literal where a bind parameter belongs"),
  SQL_TEMPLATE_DEVIATION("42000", "A statement that deviates from its call site's model"),
  SQL_NOT_MODELLED("42000", "A statement its call site's model does not cover"),
  SQL_NOT_ALLOWLISTED("42000", "A statement shape not on the allowlist"),
  SQL_CREDENTIAL_CATALOG("42000", "A read of the server's credential catalogs"),
  SQL_RETURNING_NAME("42000", "A RETURNING column name that is not a plain name"),
  SQL_TOO_LONG("42000", "A statement longer than the inspector reads"),
  SQL_NONSTANDARD_STRINGS(null, "standard_conforming_strings turned off"),
  SQL_UNWRAPPED(null, "A borrower unwrapped a connection to the driver"),
  SQL_UNWRAP_INTERNAL("42000", "An unwrap to a secure-pool internal type"),
  // Session context
  CONTEXT_NAME(null, "A session-context name that is not allowed"),
  CONTEXT_VALUE(null, "A session-context value that is not allowed"),
  CONTEXT_SIZE(null, "Too many session-context values"),
  // The pool
  POOL_TIMEOUT(null, "No connection in time"),
  POOL_EXHAUSTED(null, "Every connection borrowed"),
  POOL_RESET_TIMEOUT(null, "A session reset that did not finish in time"),
  POOL_UNWRAP(null, "An unwrap of the data source to the HikariCP pool"),
  POOL_LEASE_ENDED("08003", "A connection object used after the borrower closed it"),
  // PgBouncer
  POOLER_SETTING("08001", "A setting that cannot hold behind PgBouncer in transaction mode"),
  POOLER_CHANNEL_BINDING("08001", "Channel binding required behind PgBouncer"),
  POOLER_UNDECLARED("08001", "A relayed connection with server.pooler=none"),
  POOLER_MODE("08001", "PgBouncer in transaction mode declared as session mode"),
  POOLER_AUTOCOMMIT("42000", "An auto-commit statement with a session context behind PgBouncer"),
  POOLER_SESSION_STATE("42000", "A statement that would leave session state behind PgBouncer"),
  POOLER_CHAIN("42000", "COMMIT AND CHAIN behind PgBouncer in transaction mode"),
  POOLER_UNWRAP("42000", "An unwrap to pgjdbc behind PgBouncer in transaction mode"),
  // Configuration
  CONFIG_UNKNOWN_KEY("08001", "A key that is no setting"),
  CONFIG_TYPE("08001", "A value that does not parse as its type"),
  CONFIG_RANGE("08001", "A value outside its range"),
  CONFIG_FORMAT("08001", "A list item in the wrong format"),
  CONFIG_CONFLICT("08001", "Settings that contradict each other"),
  CONFIG_SETTING("08001", "A setting that cannot be applied"),
  CONFIG_CREDENTIALS("08001", "No credentials, or credentials configured twice"),
  CONFIG_INSPECTOR("08001", "An inspector setting that cannot be applied"),
  CONFIG_ROLE_GUARD("08001", "A role-guard setting that cannot be applied"),
  CONFIG_APPLICATION_NAME("08001", "An application name that cannot be used"),
  CONFIG_VAULT("08001", "A Vault setting that cannot be applied"),
  CONFIG_VAULT_PATH("08001", "A Vault mount, role or path that is not one plain name"),
  // Credentials and Vault
  CRED_UNAVAILABLE("08001", "No credentials could be obtained"),
  CRED_EXPIRED("08001", "Credentials that expired"),
  CRED_REFRESH("08001", "Credentials that could not be refreshed"),
  CRED_REJECTED("08001", "Credentials the server rejected"),
  CRED_BREAKER("08001", "Logins paused after repeated failures"),
  CRED_LEASE_ENDING(null, "Connections retired before their lease ends"),
  CRED_REVOKE(null, "A lease that could not be revoked"),
  CRED_VAULT_REDIRECT("08001", "A Vault redirect that is not followed"),
  CRED_VAULT_TOO_LARGE("08001", "A Vault answer larger than allowed"),
  CRED_VAULT_UNWRAP("08001", "A wrapped secret id that cannot be trusted"),
  CRED_VAULT_JSON("08001", "A Vault answer that is not a JSON object"),
  CRED_VAULT_AUTH("08001", "A Vault login answer without its auth object"),
  CRED_VAULT_CLIENT_TOKEN("08001", "A Vault token that is malformed"),
  CRED_VAULT_DATA("08001", "A Vault answer without its data object"),
  CRED_VAULT_METADATA("08001", "A Vault KV answer with malformed metadata"),
  CRED_VAULT_USERNAME("08001", "A database user name from Vault that is malformed"),
  CRED_VAULT_PASSWORD("08001", "A database password from Vault that is malformed"),
  CRED_VAULT_LEASE_ID("08001", "A lease id from Vault that is malformed"),
  CRED_VAULT_LEASE_DURATION("08001", "A lease duration from Vault that is malformed"),
  CRED_VAULT_RENEWABLE("08001", "A renewable flag from Vault that is malformed"),
  CRED_VAULT_TTL("08001", "A TTL from Vault that is malformed"),
  CRED_VAULT_CREATION_TTL("08001", "A wrapping TTL from Vault that is malformed"),
  CRED_VAULT_SECRET_ID("08001", "A secret id from Vault that is malformed"),
  CRED_VAULT_LAST_VAULT_ROTATION("08001", "A static role's rotation time that is malformed"),
  CRED_VAULT_VERSION("08001", "A KV version from Vault that is malformed"),
  CRED_VAULT_FIELD("08001", "A configured KV field from Vault that is malformed"),
  // The server's posture
  POSTURE_REFUSED("08004", "A server posture at or above posture.fail-at"),
  POSTURE_AUDIT_FAILED("08004", "A posture audit that could not finish"),
  POSTURE_TLS_OFF(null, "Server TLS off"),
  POSTURE_TLS_MIN_PROTOCOL(null, "Server allows TLS below 1.2"),
  POSTURE_TLS_WEAK_CIPHERS(null, "Server allows weak ciphers"),
  POSTURE_TLS_CERT_EXPIRY(null, "Server certificate near its end"),
  POSTURE_TLS_PASSPHRASE_COMMAND(null, "Server key passphrase command"),
  POSTURE_PASSWORD_ENCRYPTION(null, "Passwords stored as MD5"),
  POSTURE_HBA_TRUST(null, "pg_hba.conf trust lines"),
  POSTURE_HBA_PASSWORD(null, "pg_hba.conf clear-text password lines"),
  POSTURE_HBA_MD5(null, "pg_hba.conf md5 lines"),
  POSTURE_HBA_IDENT(null, "pg_hba.conf ident lines"),
  POSTURE_HBA_NOT_HOSTSSL(null, "pg_hba.conf host lines that accept clear text"),
  POSTURE_LOG_CONNECTIONS(null, "Connections not logged"),
  POSTURE_LOG_LINE_PREFIX(null, "A log prefix without application name or user"),
  POSTURE_LOG_STATEMENT(null, "Statements with values in the server log"),
  POSTURE_PGAUDIT_MISSING(null, "pgAudit not loaded"),
  POSTURE_PGAUDIT_CLASSES(null, "pgAudit classes that miss writes or role changes"),
  POSTURE_STATEMENT_TIMEOUT(null, "No statement timeout for the login"),
  POSTURE_IDLE_IN_TRANSACTION_TIMEOUT(null, "No idle-in-transaction timeout"),
  POSTURE_MAX_CONNECTIONS(null, "Pools that together exceed max_connections"),
  POSTURE_SUPERUSERS(null, "Superusers that can log in over the network"),
  POSTURE_ROLE_NO_PASSWORD(null, "Login roles without a password"),
  POSTURE_ROLE_MD5_PASSWORD(null, "Login roles with an MD5 password"),
  POSTURE_ROLE_NEVER_EXPIRES(null, "Login roles whose password never expires"),
  POSTURE_PUBLIC_CREATE(null, "CREATE on the public schema for everyone"),
  POSTURE_PUBLIC_GRANTS(null, "Privileges granted to PUBLIC"),
  POSTURE_PUBLIC_DEFAULT_PRIVILEGES(null, "Default privileges for PUBLIC"),
  POSTURE_OWNS_SCHEMA(null, "The login owns a schema"),
  POSTURE_OWNS_TABLE(null, "The login owns tables"),
  POSTURE_RLS_NOT_FORCED(null, "Row-level security not forced"),
  POSTURE_SECURITY_DEFINER(null, "SECURITY DEFINER functions without a pinned search_path"),
  // The Spring Boot starter
  BOOT_NOT_POSTGRESQL("08001", "A non-PostgreSQL URL refused by the starter"),
  BOOT_HIKARI_KEY("08001", "A spring.datasource.hikari key the secure pool cannot honour"),
  BOOT_SQL_INIT_CREDENTIALS("08001", "spring.sql.init credentials instead of the migration pool"),
  BOOT_MIGRATION_CONNECTION(
      "08001", "Flyway or Liquibase connection properties that bypass the secure pool"),
  BOOT_MIGRATION_CREDENTIALS("08001", "A migration pool without its own credentials"),
  BOOT_CLOUD_VAULT("08001", "Spring Cloud Vault's one-time database login with no rotating source");

  private static final Map<String, SecurityRule> BY_ID = new HashMap<>();

  static {
    for (SecurityRule rule : values()) {
      BY_ID.put(rule.id, rule);
    }
  }

  private final String id;
  private final String sqlState;
  private final String title;

  SecurityRule(String sqlState, String title) {
    this.id = "SP-" + name().replace('_', '-');
    this.sqlState = sqlState;
    this.title = title;
  }

  /** The stable id, e.g. {@code SP-TLS-UNTRUSTED}. */
  public String id() {
    return id;
  }

  /** The SQLState of a refusal under this rule, or {@code null} when it only reports. */
  public String sqlState() {
    return sqlState;
  }

  /** A one-line title, e.g. "A server certificate not issued by the pinned CA". */
  public String title() {
    return title;
  }

  /** The guide that explains the rule and its fixes, relative to the repository root. */
  public String guide() {
    switch (family()) {
      case "URL":
      case "DRIVER":
      case "TLS":
      case "AUTH":
      case "HOST":
        return "docs/guards/tls.md";
      case "ROLE":
        return "docs/guards/roles.md";
      case "SQL":
        return "docs/guards/sql-inspector.md";
      case "CONTEXT":
        return "docs/guards/bounds.md";
      case "POOL":
        return "docs/guards/session-reset.md";
      case "POOLER":
        return "docs/pgbouncer.md";
      case "CRED":
        return "docs/guards/credentials.md";
      case "POSTURE":
        return "docs/guards/posture.md";
      case "BOOT":
        return "docs/spring-boot.md";
      default:
        return this == CONFIG_VAULT || this == CONFIG_VAULT_PATH
            ? "docs/guards/credentials.md"
            : "docs/configuration.md";
    }
  }

  /** This rule's entry in the generated catalogue: {@code docs/rules.md#sp-tls-untrusted}. */
  public String documentation() {
    return "docs/rules.md#" + id.toLowerCase(Locale.ROOT);
  }

  /** The rule with this id, if there is one. */
  public static Optional<SecurityRule> byId(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /** The family, the id's second part: {@code TLS} for {@code SP-TLS-UNTRUSTED}. */
  public String family() {
    return name().substring(0, name().indexOf('_'));
  }

  @Override
  public String toString() {
    return id;
  }
}
