package io.securepool.internal.url;

import io.securepool.api.SecurityRule;
import io.securepool.api.WeakUrlException;
import io.securepool.internal.Refusals;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict reading of {@code jdbc:postgresql://host[:port][,host[:port]]…/database[?name=value&…]}.
 *
 * <p>Each piece is split off the raw text first and decoded last, exactly once, the way pgjdbc does
 * it ({@code ?} splits the parameters, {@code &} the pairs, {@code =} name from value; only values
 * and the database name are URL-decoded). Nothing decoded is ever written back into a URL: {@link
 * #canonical()} is rebuilt from the checked host list and the database name re-encoded, so a {@code
 * %3F} in the database name can never become a {@code ?} that starts parameters.
 */
final class JdbcUrl {

  static final String PREFIX = "jdbc:postgresql:";
  private static final String AUTHORITY_PREFIX = PREFIX + "//";
  static final String DEFAULT_PORT = "5432";

  final List<String> hosts;
  final List<String> ports;
  final String database;
  final Map<String, String> parameters;

  private JdbcUrl(
      List<String> hosts, List<String> ports, String database, Map<String, String> parameters) {
    this.hosts = List.copyOf(hosts);
    this.ports = List.copyOf(ports);
    this.database = database;
    this.parameters = parameters;
  }

  static JdbcUrl parse(String pool, String url) throws WeakUrlException {
    if (url == null || url.isBlank()) {
      throw Refusals.malformedUrl(pool, "no JDBC URL is set (setting 'url')");
    }
    if (!url.startsWith(PREFIX)) {
      throw Refusals.malformedUrl(pool, "the URL does not start with jdbc:postgresql:");
    }
    if (!url.startsWith(AUTHORITY_PREFIX)) {
      throw noHost(pool);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        throw Refusals.malformedUrl(
            pool, "the URL holds a space or a control character (write it URL-encoded)");
      }
      if (c == '#') {
        throw Refusals.malformedUrl(
            pool,
            "the URL holds '#': a JDBC URL has no fragment, and pgjdbc would read what follows as"
                + " part of a value");
      }
    }
    String rest = url.substring(AUTHORITY_PREFIX.length());
    int query = rest.indexOf('?');
    String server = query < 0 ? rest : rest.substring(0, query);
    String arguments = query < 0 ? null : rest.substring(query + 1);
    int slash = server.indexOf('/');
    if (slash < 0) {
      throw Refusals.malformedUrl(
          pool, "the URL has no '/' between the host list and the database");
    }
    String authority = server.substring(0, slash);
    String rawDatabase = server.substring(slash + 1);
    if (authority.isEmpty()) {
      throw noHost(pool);
    }
    List<String> hosts = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    for (String address : authority.split(",", -1)) {
      readAddress(pool, address, hosts, ports);
    }
    String database = DatabaseName.check(pool, rawDatabase);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (arguments != null) {
      for (String pair : arguments.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : decode(pool, pair.substring(equals + 1), "a parameter");
        checkParameterName(pool, name);
        if (parameters.put(name, value) != null) {
          throw Refusals.weakUrl(
              SecurityRule.URL_DUPLICATE,
              pool,
              name,
              "it appears more than once in the URL, and pgjdbc would take only the last one",
              "write each parameter once");
        }
      }
    }
    return new JdbcUrl(hosts, ports, database, parameters);
  }

  /**
   * Parameter names are not decoded by pgjdbc, so only plain names are meaningful; pgjdbc maps
   * {@code host}, {@code port} and {@code dbname} (any case) onto the target, overriding the
   * authority, so those are refused too.
   */
  private static void checkParameterName(String pool, String name) throws WeakUrlException {
    if (!name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
      throw Refusals.urlPart(
          SecurityRule.URL_UNKNOWN_PROPERTY,
          pool,
          "refused a URL parameter whose name is not plain letters and digits",
          "pgjdbc does not decode parameter names, so an encoded or odd name is never a real"
              + " property",
          "write parameter names in plain letters");
    }
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("HOST")
        || upper.equals("PORT")
        || upper.equals("DBNAME")
        || upper.equals("PGHOST")
        || upper.equals("PGPORT")
        || upper.equals("PGDBNAME")) {
      throw Refusals.weakUrl(
          SecurityRule.URL_TARGET_PARAMETER,
          pool,
          name,
          "pgjdbc lets this parameter replace the host, port or database written before the '?',"
              + " so the server connected to would not be the one the URL shows",
          "write the host, port and database in the URL's jdbc:postgresql://host:port/database"
              + " part only");
    }
  }

  private static void readAddress(
      String pool, String address, List<String> hosts, List<String> ports) throws WeakUrlException {
    String host;
    String port = null;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0) {
        throw Refusals.malformedUrl(pool, "an IPv6 address in the URL has no closing ']'");
      }
      host = address.substring(0, close + 1);
      String after = address.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw Refusals.malformedUrl(pool, "text follows an IPv6 address in the URL");
        }
        port = after.substring(1);
      }
      if (!host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")) {
        throw Refusals.malformedUrl(
            pool, "an IPv6 address in the URL holds characters other than hex digits, ':' and '.'");
      }
    } else {
      int colon = address.indexOf(':');
      host = colon < 0 ? address : address.substring(0, colon);
      port = colon < 0 ? null : address.substring(colon + 1);
      if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9.])?")) {
        throw host.isEmpty()
            ? noHost(pool)
            : Refusals.malformedUrl(
                pool,
                "a host in the URL holds characters other than letters, digits, '.' and '-' (an"
                    + " IPv6 address is written in brackets)");
      }
    }
    if (port != null && !port.matches("[0-9]{1,5}")
        || port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
      throw Refusals.malformedUrl(pool, "a port in the URL is not a number from 1 to 65535");
    }
    hosts.add(host);
    // As a number: "05432" is the port 5432 pgjdbc connects to and reports.
    ports.add(port == null ? DEFAULT_PORT : Integer.toString(Integer.parseInt(port)));
  }

  static WeakUrlException noHost(String pool) {
    return Refusals.urlPart(
        SecurityRule.URL_NO_HOST,
        pool,
        "refused the JDBC URL",
        "the URL names no host, so pgjdbc would pick one itself (localhost, or a Unix-domain"
            + " socket factory) and the pinned certificate's host name could not be checked"
            + " against a name you chose",
        "write jdbc:postgresql://host[:port]/database");
  }

  /** Decodes as pgjdbc does ({@link URLDecoder}, UTF-8), refusing what it would refuse. */
  static String decode(String pool, String text, String what) throws WeakUrlException {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Refusals.malformedUrl(pool, what + " in the URL has a broken %-escape");
    }
  }

  /** The URL pgjdbc is given: checked hosts and ports, the database re-encoded, no parameters. */
  String canonical() {
    StringBuilder url = new StringBuilder(AUTHORITY_PREFIX);
    for (int i = 0; i < hosts.size(); i++) {
      url.append(i == 0 ? "" : ",").append(hosts.get(i)).append(':').append(ports.get(i));
    }
    return url.append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8)).toString();
  }

  /** The hosts as pgjdbc reports them in {@code PGHOST}: brackets kept, comma-separated. */
  String hostList() {
    return String.join(",", hosts);
  }

  String portList() {
    return String.join(",", ports);
  }
}
