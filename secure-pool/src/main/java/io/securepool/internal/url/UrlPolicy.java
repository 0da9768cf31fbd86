package io.securepool.internal.url;

import io.securepool.WeakUrlException;
import io.securepool.internal.Refusals;
import java.util.LinkedHashMap;
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

  private static final String PREFIX = "jdbc:postgresql:";

  private UrlPolicy() {}

  /**
   * Parses and checks the URL and properties.
   *
   * @return the target with the security properties still to be set by the connect pipeline
   * @throws WeakUrlException naming the first refused property
   */
  public static Target check(String pool, String url, Map<String, String> driverProperties)
      throws WeakUrlException {
    if (url == null || url.isBlank()) {
      throw Refusals.malformedUrl(pool, "no JDBC URL is set (setting 'url')");
    }
    if (!url.startsWith(PREFIX)) {
      throw Refusals.malformedUrl(pool, "the URL does not start with jdbc:postgresql:");
    }
    refuseServiceFile(pool, url);
    Properties parsed = Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw Refusals.malformedUrl(pool, "pgjdbc cannot parse the URL");
    }
    String hosts = parsed.getProperty(PGProperty.PG_HOST.getName());
    String ports = parsed.getProperty(PGProperty.PG_PORT.getName());
    String database = parsed.getProperty(PGProperty.PG_DBNAME.getName());
    if (hosts == null || hosts.isBlank() || url.startsWith(PREFIX + "///")) {
      throw Refusals.malformedUrl(pool, "the URL names no host");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String name : parsed.stringPropertyNames()) {
      if (!name.equals(PGProperty.PG_HOST.getName())
          && !name.equals(PGProperty.PG_PORT.getName())
          && !name.equals(PGProperty.PG_DBNAME.getName())) {
        properties.put(name, parsed.getProperty(name));
      }
    }
    for (Map.Entry<String, String> entry : driverProperties.entrySet()) {
      String earlier = properties.put(entry.getKey(), entry.getValue());
      if (earlier != null && !earlier.equals(entry.getValue())) {
        throw Refusals.weakUrl(
            "SP-URL-CONFLICT",
            pool,
            entry.getKey(),
            "it is set both in the URL and as a driver property, with different values",
            "set it in one place");
      }
    }
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      checkProperty(pool, entry.getKey(), entry.getValue());
    }
    StringBuilder base = new StringBuilder("jdbc:postgresql://");
    String[] hostList = hosts.split(",");
    String[] portList = ports == null ? new String[0] : ports.split(",");
    for (int i = 0; i < hostList.length; i++) {
      if (i > 0) {
        base.append(',');
      }
      String host = hostList[i];
      base.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
      if (i < portList.length && !portList[i].isEmpty()) {
        base.append(':').append(portList[i]);
      }
    }
    base.append('/').append(database == null ? "" : database);
    Properties allowed = new Properties();
    allowed.putAll(properties);
    return new Target(base.toString(), allowed, hostList[0]);
  }

  /** pgjdbc reads a service file while parsing, before any property could be checked. */
  private static void refuseServiceFile(String pool, String url) throws WeakUrlException {
    int query = url.indexOf('?');
    if (query < 0) {
      return;
    }
    for (String parameter : url.substring(query + 1).split("&")) {
      String name = parameter.split("=", 2)[0];
      if (java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8)
          .equals(PGProperty.SERVICE.getName())) {
        checkProperty(pool, PGProperty.SERVICE.getName(), "");
      }
    }
  }

  private static void checkProperty(String pool, String name, String value)
      throws WeakUrlException {
    PGProperty property = PGProperty.forName(name);
    if (property == null) {
      throw Refusals.weakUrl(
          "SP-URL-UNKNOWN-PROPERTY",
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
              "SP-URL-SSLMODE",
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
              "SP-URL-SSL-DISABLED",
              pool,
              name,
              "ssl=false would turn TLS off",
              "remove ssl from the URL (TLS is always on)");
        }
        return;
      case SSL_FACTORY:
      case SSL_FACTORY_ARG:
        throw Refusals.weakUrl(
            "SP-URL-SSLFACTORY",
            pool,
            name,
            "a custom SSL socket factory could skip certificate verification (e.g."
                + " NonValidatingFactory)",
            "remove it; pin the CA with tls.ca-file, tls.ca-resource or tls.ca-pem");
      case SSL_HOSTNAME_VERIFIER:
        throw Refusals.weakUrl(
            "SP-URL-HOSTNAME-VERIFIER",
            pool,
            name,
            "a custom host-name verifier could accept any host",
            "remove it; connect with a host name that is in the server's certificate");
      case SOCKET_FACTORY:
      case SOCKET_FACTORY_ARG:
        throw Refusals.weakUrl(
            "SP-URL-SOCKET-FACTORY",
            pool,
            name,
            "a custom socket factory sits under TLS and could redirect or tap the connection",
            "remove it");
      case SSL_ROOT_CERT:
        throw Refusals.weakUrl(
            "SP-URL-SSLROOTCERT",
            pool,
            name,
            "the CA is pinned in memory by secure-pool; a second source of trust would be"
                + " ignored or, worse, trusted",
            "remove it and set tls.ca-file, tls.ca-resource or tls.ca-pem");
      case SSL_CERT:
      case SSL_KEY:
        throw Refusals.weakUrl(
            "SP-URL-CLIENT-CERT",
            pool,
            name,
            "client certificates are not supported by secure-pool's TLS policy and would be"
                + " ignored",
            "remove it; secure-pool logs in with SCRAM over verified TLS");
      case SSL_PASSWORD:
      case SSL_PASSWORD_CALLBACK:
        throw Refusals.weakUrl(
            "SP-URL-SSLPASSWORD",
            pool,
            name,
            "a key password in a URL or property is a secret in configuration",
            "remove it");
      case AUTHENTICATION_PLUGIN_CLASS_NAME:
        throw Refusals.weakUrl(
            "SP-URL-AUTH-PLUGIN",
            pool,
            name,
            "an authentication plugin would supply passwords outside secure-pool's credentials"
                + " provider",
            "remove it and configure a CredentialsProvider");
      case CHANNEL_BINDING:
        if (!lower.equals("require")) {
          throw Refusals.weakUrl(
              "SP-URL-CHANNEL-BINDING",
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
              "SP-URL-REQUIRE-AUTH",
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
            "SP-URL-CREDENTIALS",
            pool,
            name,
            "credentials in a URL end up in logs and configuration dumps",
            "remove them from the URL; credentials come from the credentials provider");
      case GSS_ENC_MODE:
        if (!lower.equals("disable")) {
          throw Refusals.weakUrl(
              "SP-URL-GSSENC",
              pool,
              name,
              "GSSAPI encryption would replace the verified TLS channel",
              "remove it (gssEncMode=disable is forced)");
        }
        return;
      case SERVICE:
        throw Refusals.weakUrl(
            "SP-URL-SERVICE",
            pool,
            name,
            "a pg_service.conf entry could set sslmode or credentials outside secure-pool's view",
            "write the host, port and database in the URL");
      case APPLICATION_NAME:
        throw Refusals.weakUrl(
            "SP-URL-APPLICATION-NAME",
            pool,
            name,
            "application_name carries the audit identity and is set by secure-pool",
            "remove it and set application-name");
      case OPTIONS:
        if (lower.contains("role") || lower.contains("session_authorization")) {
          throw Refusals.weakUrl(
              "SP-URL-OPTIONS",
              pool,
              name,
              "start-up options that set role or session_authorization bypass the role guard",
              "remove those options; log in as the role you need");
        }
        return;
      case CLASS_LOADER_STRATEGY:
      case CONNECT_EXECUTOR:
      case CONNECT_EXECUTOR_ARG:
      case XML_FACTORY_FACTORY:
        throw Refusals.weakUrl(
            "SP-URL-CLASS-NAME",
            pool,
            name,
            "properties that make the driver load classes by name are refused",
            "remove it");
      default:
        return;
    }
  }

  /** The parsed, checked connection target. */
  public static final class Target {
    private final String url;
    private final Properties properties;
    private final String firstHost;

    Target(String url, Properties properties, String firstHost) {
      this.url = url;
      this.properties = properties;
      this.firstHost = firstHost;
    }

    /** The URL without parameters, e.g. {@code jdbc:postgresql://db:5432/orders}. */
    public String url() {
      return url;
    }

    /** The allowed user properties, a fresh copy each call. */
    public Properties properties() {
      Properties copy = new Properties();
      copy.putAll(properties);
      return copy;
    }

    /** The first host, for messages. */
    public String firstHost() {
      return firstHost;
    }
  }
}
