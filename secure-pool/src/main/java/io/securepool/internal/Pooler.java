package io.securepool.internal;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What sits between the pool and PostgreSQL ({@code server.pooler}), and what that means for the
 * guards.
 *
 * <p>Behind PgBouncer in session mode a client connection keeps one server session for its whole
 * life, so the pool's session reset and session context work as without a pooler. In transaction
 * mode PgBouncer gives the server session to another client after every transaction and runs no
 * reset: session state (a {@code SET}, a {@code set_config(…, false)}, a temp table) reaches other
 * clients, and a session-level tenant set at checkout is read by whoever runs next on that server
 * session. So in that mode the per-lease values go into every transaction with {@code set_config(…,
 * true)}, statements that change session state are refused, and the driver prepares nothing on the
 * server (PgBouncer 1.18 has no prepared statements in transaction mode).
 *
 * <p>Neither mode can do SCRAM channel binding: the relaxation must be spelled out by the user
 * ({@code tls.channel-binding=prefer}) and is announced at start-up with what still protects the
 * login.
 */
public enum Pooler {
  /** Nothing: the pool talks to PostgreSQL. */
  NONE("none"),
  /** PgBouncer with {@code pool_mode = session}. */
  PGBOUNCER_SESSION("pgbouncer-session"),
  /** PgBouncer with {@code pool_mode = transaction}. */
  PGBOUNCER_TRANSACTION("pgbouncer-transaction");

  private static final Logger LOG = LoggerFactory.getLogger(Pooler.class);

  private final String keyword;

  Pooler(String keyword) {
    this.keyword = keyword;
  }

  /** The configured pooler ({@code server.pooler}). */
  public static Pooler from(SecurePoolConfig config) {
    String value = config.get(Setting.SERVER_POOLER);
    for (Pooler pooler : values()) {
      if (pooler.keyword.equals(value)) {
        return pooler;
      }
    }
    return NONE; // unreachable: the setting's allowed values were checked by validate()
  }

  /** The value of {@code server.pooler}. */
  public String keyword() {
    return keyword;
  }

  /** Whether a pooler sits in front of the server. */
  public boolean present() {
    return this != NONE;
  }

  /** Whether consecutive transactions of one client connection may run on different sessions. */
  public boolean perTransaction() {
    return this == PGBOUNCER_TRANSACTION;
  }

  /**
   * Refuses settings that cannot be honoured behind this pooler, rather than relaxing them
   * silently.
   *
   * @param driverProperties the driver properties the URL policy approved
   */
  public void check(SecurePoolConfig config, Properties driverProperties, String pool)
      throws InvalidConfigurationException {
    if (present() && "require".equals(config.get(Setting.TLS_CHANNEL_BINDING))) {
      throw Refusals.config(
          SecurityRule.POOLER_CHANNEL_BINDING,
          pool,
          "refused server.pooler=" + keyword + " with tls.channel-binding=require",
          "PgBouncer terminates TLS and cannot do SCRAM channel binding, so every login would fail;"
              + " the relaxation is yours to make, not the pool's",
          "set tls.channel-binding=prefer explicitly (docs/pgbouncer.md says what still protects"
              + " the login), or connect to PostgreSQL directly",
          null);
    }
    if (!perTransaction()) {
      return;
    }
    if (config.flag(Setting.SESSION_PARANOID)) {
      throw transactionSetting(
          pool,
          Setting.SESSION_PARANOID.key() + "=true",
          "it resets the server session at every checkout, but in transaction mode the pool holds"
              + " no server session between transactions and PgBouncer resets nothing",
          "remove session.paranoid; in transaction mode session state is refused instead");
    }
    if ("off".equals(config.get(Setting.INSPECTOR_MODE))) {
      throw transactionSetting(
          pool,
          Setting.INSPECTOR_MODE.key() + "=off",
          "in transaction mode a statement that changes session state must be refused before it"
              + " reaches PgBouncer's shared server session, and only the inspector can tell which"
              + " statements do",
          "use inspector.mode=detect (or enforce) with server.pooler=pgbouncer-transaction");
    }
    if (config.get(Setting.AUDIT_APPLICATION_NAME_MDC_KEY) != null) {
      throw transactionSetting(
          pool,
          Setting.AUDIT_APPLICATION_NAME_MDC_KEY.key(),
          "the per-checkout application_name is set for the session at checkout, which in"
              + " transaction mode would follow PgBouncer's server session to other clients",
          "remove audit.application-name-mdc-key (audit.mdc still works), or use session mode");
    }
    String threshold = driverProperties.getProperty("prepareThreshold");
    if (threshold != null && !threshold.strip().equals("0")) {
      throw transactionSetting(
          pool,
          "prepareThreshold=" + threshold.strip(),
          "PgBouncer 1.18 keeps no server-side prepared statement across transactions (1.21+ can,"
              + " with max_prepared_statements); the pool sets prepareThreshold=0 in this mode",
          "remove prepareThreshold from the URL and driver properties");
    }
  }

  private static InvalidConfigurationException transactionSetting(
      String pool, String setting, String why, String fix) {
    return Refusals.config(
        SecurityRule.POOLER_SETTING,
        pool,
        "refused " + setting + " with server.pooler=pgbouncer-transaction",
        why,
        fix,
        null);
  }

  /**
   * Says at start-up, in the log and as a {@code POLICY_RELAXED} event, that the login is not bound
   * to the TLS session and exactly what still protects it.
   */
  public void announce(Events events) {
    if (!present()) {
      return;
    }
    String remains =
        "behind PgBouncer (server.pooler="
            + keyword
            + ") logins use SCRAM without channel binding. What remains: TLS to PgBouncer is"
            + " verify-full against the pinned CA (and pins), so only a holder of a key that CA"
            + " certified for the host can receive the connection; SCRAM never sends the password."
            + " What is lost: proof that the SCRAM exchange ended at that TLS endpoint, so a holder"
            + " of such a certificate (PgBouncer itself) can relay the login, and PgBouncer's"
            + " pass-through learns the role's client key, good until the password changes (keep"
            + " Vault leases short). The PgBouncer-to-server leg is PgBouncer's to protect"
            + " (server_tls_sslmode=verify-full); the role guard and the statement inspector act"
            + " as before"
            + (perTransaction()
                ? "; in transaction mode the session context goes into every transaction and"
                    + " session state is refused"
                : "");
    LOG.warn("{} - {}", events.pool(), remains);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("setting", Setting.SERVER_POOLER.key());
    attributes.put("server.pooler", keyword);
    events.emit(
        SecurityEventType.POLICY_RELAXED, SecurityRule.POOLER_CHANNEL_BINDING, remains, attributes);
  }
}
