package io.securepool.internal.url;

import io.securepool.api.SecurityRule;
import io.securepool.api.WeakUrlException;
import io.securepool.config.Setting;
import io.securepool.internal.Refusals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Reads the user's JDBC URL and extra driver properties, and refuses, when the data source is
 * built, anything that would weaken or bypass the TLS policy or carry credentials. Nothing is
 * silently overridden: a refused property is named with the reason and the fix.
 */
public final class UrlPolicy {

  private UrlPolicy() {}

  /** The settings {@code options} may set unless configured otherwise. */
  public static final List<String> DEFAULT_ALLOWED_OPTIONS =
      Setting.ALLOWED_STARTUP_OPTIONS.defaultList();

  /**
   * Start-up settings that {@code allowed-startup-options} can never accept, since each undoes a
   * guard: {@code role} and {@code session_authorization} (the role guard), {@code
   * application_name} (the audit identity), {@code standard_conforming_strings} (the inspector's
   * lexer), and the library-loading settings (code the server loads into the session).
   */
  static final List<String> NEVER_ALLOWED_OPTIONS =
      List.of(
          "role",
          "session_authorization",
          "application_name",
          "standard_conforming_strings",
          "local_preload_libraries",
          "session_preload_libraries");

  /** {@link #check(String, String, Map, List)} with the default options allowlist. */
  public static Target check(String pool, String url, Map<String, String> driverProperties)
      throws WeakUrlException {
    return check(pool, url, driverProperties, DEFAULT_ALLOWED_OPTIONS);
  }

  /**
   * Parses and checks the URL and properties.
   *
   * @param allowedOptions the settings {@code options} may set (lower case)
   * @return the target with the security properties still to be set by the connect pipeline
   * @throws WeakUrlException naming the first refused property
   */
  public static Target check(
      String pool, String url, Map<String, String> driverProperties, List<String> allowedOptions)
      throws WeakUrlException {
    JdbcUrl parsed = JdbcUrl.parse(pool, url);
    DriverDefaults.refuseAny(pool);
    Map<String, String> properties = new LinkedHashMap<>(parsed.parameters);
    for (Map.Entry<String, String> entry : driverProperties.entrySet()) {
      String earlier = properties.put(entry.getKey(), entry.getValue());
      if (earlier != null && !earlier.equals(entry.getValue())) {
        throw Refusals.weakUrl(
            SecurityRule.URL_CONFLICT,
            pool,
            entry.getKey(),
            "it is set both in the URL and as a driver property, with different values",
            "set it in one place");
      }
    }
    List<String> allowed = new ArrayList<>();
    for (String option : allowedOptions) {
      String setting = option.trim().replace('-', '_').toLowerCase(Locale.ROOT);
      if (NEVER_ALLOWED_OPTIONS.contains(setting)) {
        throw Refusals.urlPart(
            SecurityRule.URL_OPTIONS,
            pool,
            "refused the setting allowed-startup-options: it lists '" + setting + "'",
            "a start-up "
                + setting
                + " would undo a guard (role and session_authorization the role guard,"
                + " application_name the audit identity, standard_conforming_strings the"
                + " statement inspector's lexer, the preload settings load code into the session),"
                + " so it is never accepted",
            "remove it from allowed-startup-options");
      }
      allowed.add(setting);
    }
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      checkCharacters(pool, entry.getKey(), entry.getValue());
    }
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      checkProperty(pool, entry.getKey(), entry.getValue(), allowed);
    }
    boolean readOnly = HostTargeting.check(pool, parsed.hosts.size(), properties);
    Properties approved = new Properties();
    approved.putAll(properties);
    return new Target(parsed, approved, readOnly);
  }

  /**
   * pgjdbc writes start-up values ({@code options}, {@code currentSchema}, …) into the start-up
   * packet as NUL-terminated strings without looking inside them, so a NUL in a value ends it and
   * starts a new name/value pair the server applies ({@code role}, {@code database}, {@code user},
   * {@code replication}, any setting): nothing the policy checked. Other control characters have no
   * place in a driver property either. Refused for every value, whatever the property.
   */
  private static void checkCharacters(String pool, String name, String value)
      throws WeakUrlException {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        // Not echoed as it is: a name with a line break would forge lines in logs.
        throw Refusals.urlPart(
            SecurityRule.URL_CONTROL_CHARACTER,
            pool,
            "refused the driver property '" + printable(name) + "'",
            "its name holds a control character (shown as ?), which no pgjdbc property has",
            "check the property's name against pgjdbc's connection properties");
      }
    }
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw Refusals.weakUrl(
            SecurityRule.URL_CONTROL_CHARACTER,
            pool,
            name,
            c == 0
                ? "its value holds a NUL character; pgjdbc sends start-up values as"
                    + " NUL-terminated strings, so the rest would reach the server as start-up"
                    + " parameters of their own (role, database, user, replication, any setting)"
                    + " that the policy never checked"
                : "its value holds a control character (position "
                    + (i + 1)
                    + "), which no driver property needs and the server may read as a separator",
            "remove the control character (a %00, %0A, … in the URL decodes to one)");
      }
    }
  }

  private static void checkProperty(
      String pool, String name, String value, List<String> allowedOptions) throws WeakUrlException {
    PGProperty property = PGProperty.forName(name);
    if (property == null) {
      throw Refusals.weakUrl(
          SecurityRule.URL_UNKNOWN_PROPERTY,
          pool,
          name,
          "pgjdbc does not know it, so it would be ignored silently (a typo of a security"
              + " property would go unnoticed)",
          "check the spelling against pgjdbc's documented connection properties");
    }
    String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (property) {
      case SSL_MODE:
        if (!lower.equals("verify-full")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_SSLMODE,
              pool,
              name,
              "only sslmode=verify-full verifies both the server's certificate and its host name;"
                  + " secure-pool always uses it",
              "remove sslmode from the URL (verify-full is forced)");
        }
        return;
      case SSL:
        if (!lower.equals("true")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_SSL_DISABLED,
              pool,
              name,
              "ssl=false would turn TLS off",
              "remove ssl from the URL (TLS is always on)");
        }
        return;
      case SSL_FACTORY:
      case SSL_FACTORY_ARG:
        throw Refusals.weakUrl(
            SecurityRule.URL_SSLFACTORY,
            pool,
            name,
            "a custom SSL socket factory could skip certificate verification (e.g."
                + " NonValidatingFactory)",
            "remove it; pin the CA with tls.ca-file, tls.ca-resource or tls.ca-pem");
      case SSL_HOSTNAME_VERIFIER:
        throw Refusals.weakUrl(
            SecurityRule.URL_HOSTNAME_VERIFIER,
            pool,
            name,
            "a custom host-name verifier could accept any host",
            "remove it; connect with a host name that is in the server's certificate");
      case SOCKET_FACTORY:
      case SOCKET_FACTORY_ARG:
        throw Refusals.weakUrl(
            SecurityRule.URL_SOCKET_FACTORY,
            pool,
            name,
            "a custom socket factory sits under TLS and could redirect or tap the connection",
            "remove it");
      case SSL_ROOT_CERT:
        throw Refusals.weakUrl(
            SecurityRule.URL_SSLROOTCERT,
            pool,
            name,
            "the CA is pinned in memory by secure-pool; a second source of trust would be"
                + " ignored or, worse, trusted",
            "remove it and set tls.ca-file, tls.ca-resource or tls.ca-pem");
      case SSL_CERT:
      case SSL_KEY:
        throw Refusals.weakUrl(
            SecurityRule.URL_CLIENT_CERT,
            pool,
            name,
            "client certificates are not supported by secure-pool's TLS policy and would be"
                + " ignored",
            "remove it; secure-pool logs in with SCRAM over verified TLS");
      case SSL_PASSWORD:
      case SSL_PASSWORD_CALLBACK:
        throw Refusals.weakUrl(
            SecurityRule.URL_SSLPASSWORD,
            pool,
            name,
            "a key password in a URL or property is a secret in configuration",
            "remove it");
      case AUTHENTICATION_PLUGIN_CLASS_NAME:
        throw Refusals.weakUrl(
            SecurityRule.URL_AUTH_PLUGIN,
            pool,
            name,
            "an authentication plugin would supply passwords outside secure-pool's credentials"
                + " provider",
            "remove it and configure a CredentialsProvider");
      case CHANNEL_BINDING:
        if (!lower.equals("require")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_CHANNEL_BINDING,
              pool,
              name,
              "without channel binding SCRAM does not prove the TLS peer is the server that"
                  + " checked the password",
              lower.equals("prefer")
                  ? "remove it and set tls.channel-binding=prefer, which is explicit and logged"
                  : "remove it (channelBinding=require is forced)");
        }
        return;
      case REQUIRE_AUTH:
        if (!lower.equals("scram-sha-256")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_REQUIRE_AUTH,
              pool,
              name,
              "any method but scram-sha-256 lets a server ask for the password in clear or as"
                  + " MD5",
              "remove it (requireAuth=scram-sha-256 is forced)");
        }
        return;
      case USER:
      case PASSWORD:
        throw Refusals.weakUrl(
            SecurityRule.URL_CREDENTIALS,
            pool,
            name,
            "credentials in a URL end up in logs and configuration dumps",
            "remove them from the URL; credentials come from the credentials provider");
      case GSS_ENC_MODE:
        if (!lower.equals("disable")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_GSSENC,
              pool,
              name,
              "GSSAPI encryption would replace the verified TLS channel",
              "remove it (gssEncMode=disable is forced)");
        }
        return;
      case SERVICE:
        throw Refusals.weakUrl(
            SecurityRule.URL_SERVICE,
            pool,
            name,
            "a pg_service.conf entry could set sslmode or credentials outside secure-pool's view",
            "write the host, port and database in the URL");
      case APPLICATION_NAME:
        throw Refusals.weakUrl(
            SecurityRule.URL_APPLICATION_NAME,
            pool,
            name,
            "application_name carries the audit identity and is set by secure-pool",
            "remove it and set application-name");
      case OPTIONS:
        checkOptions(pool, name, value == null ? "" : value, allowedOptions);
        return;
      case CURRENT_SCHEMA:
        // pgjdbc sends it as the start-up setting search_path, beside options: the same allowlist.
        if (!allowedOptions.contains("search_path")) {
          throw Refusals.weakUrl(
              SecurityRule.URL_OPTIONS,
              pool,
              name,
              "pgjdbc sends it to the server as the start-up setting search_path, which is not on"
                  + " the allowlist of start-up settings",
              "remove it, or add search_path to allowed-startup-options");
        }
        return;
      case REPLICATION:
        throw Refusals.weakUrl(
            SecurityRule.URL_REPLICATION,
            pool,
            name,
            "a replication connection is a different protocol that streams data changes and"
                + " skips the statement path the guards watch",
            "remove it; an application pool never opens replication connections");
      case LOGGER_FILE:
      case LOGGER_LEVEL:
        throw Refusals.weakUrl(
            SecurityRule.URL_UNKNOWN_PROPERTY,
            pool,
            name,
            "pgjdbc ignores it since 42.3.3 (loggerFile once let a URL write files anywhere the"
                + " service can, CVE-2022-26520), so it would do nothing without a word",
            "remove it; configure the org.postgresql loggers through java.util.logging or your"
                + " logging bridge");
      case CLASS_LOADER_STRATEGY:
      case CONNECT_EXECUTOR:
      case CONNECT_EXECUTOR_ARG:
      case XML_FACTORY_FACTORY:
        throw Refusals.weakUrl(
            SecurityRule.URL_CLASS_NAME,
            pool,
            name,
            "properties that make the driver load classes by name are refused",
            "remove it");
      default:
        return;
    }
  }

  /**
   * Reads {@code options} as the server will and accepts only settings on the allowlist: {@code -c
   * role=…}, {@code -c r\ole=…} and {@code --session-authorization=…} all name a setting that is
   * not on it.
   */
  private static void checkOptions(
      String pool, String name, String value, List<String> allowedOptions) throws WeakUrlException {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7e) {
        throw Refusals.weakUrl(
            SecurityRule.URL_OPTIONS,
            pool,
            name,
            "it holds a character beyond printable ASCII (position "
                + (i + 1)
                + "); the server splits options into words with its own locale's isspace(), so"
                + " beyond ASCII what it reads as a separator cannot be known here",
            "write options in printable ASCII (a schema with another name can be given with"
                + " currentSchema)");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    String malformed = StartupOptions.parse(value, settings);
    if (malformed != null) {
      throw Refusals.weakUrl(
          SecurityRule.URL_OPTIONS,
          pool,
          name,
          "the server would read it as command-line switches, and it holds " + malformed,
          "write options as -c name=value for settings on allowed-startup-options only");
    }
    for (String setting : settings.keySet()) {
      if (!allowedOptions.contains(setting)) {
        throw Refusals.weakUrl(
            SecurityRule.URL_OPTIONS,
            pool,
            name,
            "it sets '"
                + printable(setting)
                + "', which is not on the allowlist of start-up settings (settings such as role"
                + " or session_authorization bypass the role guard)",
            "remove that setting, or add it to allowed-startup-options if it is harmless");
      }
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 64; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f || c == '\'' ? '?' : c);
    }
    return out.toString();
  }

  /** The parsed, checked connection target. */
  public static final class Target {
    private final JdbcUrl url;
    private final String canonical;
    private final Properties properties;
    private final boolean readOnly;

    Target(JdbcUrl url, Properties properties, boolean readOnly) {
      this.url = url;
      this.canonical = url.canonical();
      this.properties = properties;
      this.readOnly = readOnly;
    }

    /**
     * Whether the pool is read-only ({@code readOnly=true}): it may target standbys, and the
     * connect pipeline and the session reset keep its sessions at {@code
     * default_transaction_read_only=on}.
     */
    public boolean readOnly() {
      return readOnly;
    }

    /**
     * Whether {@code host} (as pgjdbc reports it, IPv6 in brackets) and {@code port} are one of the
     * URL's checked addresses.
     */
    public boolean listed(String host, int port) {
      for (int i = 0; i < url.hosts.size(); i++) {
        if (bare(url.hosts.get(i)).equalsIgnoreCase(bare(host))
            && url.ports.get(i).equals(Integer.toString(port))) {
          return true;
        }
      }
      return false;
    }

    private static String bare(String host) {
      return host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1)
          : host;
    }

    /** How many hosts the URL lists. */
    public int hostCount() {
      return url.hosts.size();
    }

    /**
     * The URL pgjdbc is given, e.g. {@code jdbc:postgresql://db:5432/orders}: rebuilt from the
     * checked hosts and ports and the re-encoded database name, never holding a parameter.
     */
    public String url() {
      return canonical;
    }

    /** The allowed user properties, a fresh copy each call. */
    public Properties properties() {
      Properties copy = new Properties();
      copy.putAll(properties);
      return copy;
    }

    /** The first host, for messages. */
    public String firstHost() {
      return url.hosts.get(0);
    }

    /** The database name, decoded and checked. */
    public String database() {
      return url.database;
    }

    /**
     * The second, independent line: parses {@link #url()} with {@code connectProperties} exactly as
     * pgjdbc will ({@code Driver.parseURL}) and refuses any difference from what the policy
     * approved and the connect pipeline set: another host, port or database, an approved property
     * changed, a forced security property with another value, or any property that neither the
     * policy approved nor the pipeline sets.
     *
     * @param connectProperties the properties about to be handed to pgjdbc
     * @param forced the security properties the connect pipeline forces, with their values
     * @param pipelineKeys the other properties the connect pipeline sets (user, timeouts, …)
     */
    public void verify(
        String pool,
        Properties connectProperties,
        Map<String, String> forced,
        java.util.Set<String> pipelineKeys)
        throws WeakUrlException {
      Properties effective = Driver.parseURL(canonical, copy(connectProperties));
      if (effective == null) {
        throw mismatch(pool, "pgjdbc cannot parse the URL the policy built");
      }
      for (String name : effective.stringPropertyNames()) {
        if (effective.getProperty(name).indexOf('\0') >= 0) {
          // A NUL ends a string in the start-up packet: what follows would be start-up parameters
          // of its own. Checked on every value, the pipeline's own (user, application name) too.
          throw Refusals.urlPart(
              SecurityRule.URL_CONTROL_CHARACTER,
              pool,
              "refused to connect: the value of " + name + " about to reach pgjdbc holds a NUL",
              "pgjdbc sends start-up values as NUL-terminated strings, so the rest would reach the"
                  + " server as start-up parameters (role, database, user, any setting) nobody"
                  + " checked",
              "remove the NUL from its source (the URL, a driver property, the credentials"
                  + " provider's user name or application-name)");
        }
      }
      expect(pool, effective, PGProperty.PG_HOST.getName(), url.hostList());
      expect(pool, effective, PGProperty.PG_PORT.getName(), url.portList());
      expect(pool, effective, PGProperty.PG_DBNAME.getName(), url.database);
      for (Map.Entry<String, String> entry : forced.entrySet()) {
        expect(pool, effective, entry.getKey(), entry.getValue());
      }
      for (String name : properties.stringPropertyNames()) {
        if (!forced.containsKey(name) && !pipelineKeys.contains(name)) {
          expect(pool, effective, name, properties.getProperty(name));
        }
      }
      for (String name : connectProperties.stringPropertyNames()) {
        if (properties.getProperty(name) == null
            && !forced.containsKey(name)
            && !pipelineKeys.contains(name)) {
          throw mismatch(pool, "a property the policy never saw is about to reach pgjdbc: " + name);
        }
      }
      for (String name : effective.stringPropertyNames()) {
        boolean target =
            name.equals(PGProperty.PG_HOST.getName())
                || name.equals(PGProperty.PG_PORT.getName())
                || name.equals(PGProperty.PG_DBNAME.getName());
        if (target) {
          continue;
        }
        if (properties.getProperty(name) == null
            && !forced.containsKey(name)
            && !pipelineKeys.contains(name)) {
          throw mismatch(pool, "pgjdbc would apply a property the policy never saw: " + name);
        }
        expect(pool, effective, name, connectProperties.getProperty(name));
      }
    }

    private static Properties copy(Properties properties) {
      Properties copy = new Properties();
      for (String name : properties.stringPropertyNames()) {
        copy.setProperty(name, properties.getProperty(name));
      }
      return copy;
    }

    private static void expect(String pool, Properties effective, String name, String value)
        throws WeakUrlException {
      if (!java.util.Objects.equals(effective.getProperty(name), value)) {
        throw mismatch(pool, "pgjdbc would use another value for " + name);
      }
    }

    private static WeakUrlException mismatch(String pool, String why) {
      return Refusals.urlPart(
          SecurityRule.URL_EFFECTIVE_MISMATCH,
          pool,
          "refused to connect: what pgjdbc would do differs from what the URL policy approved",
          why,
          "report this with the URL's shape (no secrets); meanwhile remove unusual parameters"
              + " from the URL");
    }
  }
}
