package io.securepool.testkit.vault;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database secrets engine with the PostgreSQL plugin: connections, dynamic roles issuing leased
 * users, and static roles whose password it rotates. Credentials are returned to the caller only,
 * never logged.
 */
final class DatabaseEngine implements Backend, LeaseBackend {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseEngine.class);
  private static final long MIN_ROTATION_PERIOD = 5;

  /** A configured connection: its connector and the roles it may serve. */
  record Connection(
      String name, PostgresPlugin plugin, List<String> allowedRoles, Map<String, Object> config) {
    boolean allows(String role) {
      return allowedRoles.contains("*") || allowedRoles.contains(role);
    }
  }

  /** A dynamic role. */
  record Role(
      String dbName,
      List<String> creation,
      List<String> revocation,
      List<String> renew,
      List<String> rollback,
      long defaultTtl,
      long maxTtl) {}

  private final String mount;
  private final Map<String, DatabaseConnector> connectors;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, StaticRole> staticRoles = new ConcurrentHashMap<>();
  private final LeaseStore leases;
  private final Secrets secrets;
  private final Clock clock;
  private final Duration retryBackoff;

  DatabaseEngine(
      String mount,
      Map<String, DatabaseConnector> connectors,
      LeaseStore leases,
      Secrets secrets,
      Clock clock,
      Duration retryBackoff) {
    this.mount = mount;
    this.connectors = Map.copyOf(connectors);
    this.leases = leases;
    this.secrets = secrets;
    this.clock = clock;
    this.retryBackoff = retryBackoff;
    for (Map.Entry<String, DatabaseConnector> entry : connectors.entrySet()) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("plugin_name", "postgresql-database-plugin");
      config.put("allowed_roles", List.of("*"));
      connections.put(
          entry.getKey(),
          new Connection(
              entry.getKey(), new PostgresPlugin(entry.getValue()), List.of("*"), config));
    }
  }

  @Override
  public VaultResponse handle(VaultRequest request, String subPath) {
    int slash = subPath.indexOf('/');
    if (slash <= 0 || slash == subPath.length() - 1) {
      return null;
    }
    String kind = subPath.substring(0, slash);
    String name = subPath.substring(slash + 1);
    switch (kind) {
      case "config":
        request.requireRoot();
        return config(request, name);
      case "roles":
        request.requireRoot();
        return role(request, name);
      case "static-roles":
        request.requireRoot();
        return staticRole(request, name);
      case "creds":
        requireRead(request);
        return creds(request, name);
      case "static-creds":
        requireRead(request);
        return staticCreds(name);
      case "rotate-role":
        request.requireRoot();
        if (!request.isWrite()) {
          throw VaultError.methodNotAllowed();
        }
        rotate(staticRoleNamed(name));
        return VaultResponse.noContent();
      default:
        return null;
    }
  }

  private static void requireRead(VaultRequest request) {
    if (!request.isRead()) {
      throw VaultError.methodNotAllowed();
    }
  }

  private VaultResponse config(VaultRequest request, String name) {
    if (request.isWrite()) {
      DatabaseConnector connector = connectors.get(name);
      if (connector == null) {
        throw VaultError.badRequest(
            "no database connector is registered for \""
                + name
                + "\": register it with VaultServer.Builder.database");
      }
      Map<String, Object> body = request.body();
      if (!Json.string(body, "username_template").isEmpty()) {
        throw VaultError.badRequest("username_template is not supported by this test server");
      }
      List<String> allowed = Json.list(body, "allowed_roles", true);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("plugin_name", Json.string(body, "plugin_name"));
      config.put(
          "connection_details",
          Map.of(
              "connection_url",
              Json.string(body, "connection_url"),
              "username",
              Json.string(body, "username")));
      config.put("allowed_roles", allowed);
      config.put("password_authentication", Json.string(body, "password_authentication"));
      connections.put(name, new Connection(name, new PostgresPlugin(connector), allowed, config));
      return VaultResponse.noContent();
    }
    if (request.isRead()) {
      Connection connection = connections.get(name);
      if (connection == null) {
        throw VaultError.notFound();
      }
      return Envelope.of("database").data(connection.config()).ok();
    }
    if (request.isDelete()) {
      connections.remove(name);
      return VaultResponse.noContent();
    }
    throw VaultError.methodNotAllowed();
  }

  private VaultResponse role(VaultRequest request, String name) {
    if (request.isWrite()) {
      Map<String, Object> body = request.body();
      Role role =
          new Role(
              Json.string(body, "db_name"),
              Json.list(body, "creation_statements", false),
              Json.list(body, "revocation_statements", false),
              Json.list(body, "renew_statements", false),
              Json.list(body, "rollback_statements", false),
              Json.seconds(body, "default_ttl"),
              Json.seconds(body, "max_ttl"));
      if (role.dbName().isEmpty()) {
        throw VaultError.badRequest("empty database name attribute");
      }
      if (role.maxTtl() > 0 && role.defaultTtl() > role.maxTtl()) {
        throw VaultError.badRequest("ttl cannot be greater than max_ttl");
      }
      roles.put(name, role);
      return VaultResponse.noContent();
    }
    if (request.isRead()) {
      Role role = roles.get(name);
      if (role == null) {
        throw VaultError.notFound();
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("db_name", role.dbName());
      data.put("creation_statements", role.creation());
      data.put("revocation_statements", role.revocation());
      data.put("renew_statements", role.renew());
      data.put("rollback_statements", role.rollback());
      data.put("default_ttl", role.defaultTtl());
      data.put("max_ttl", role.maxTtl());
      data.put("credential_type", "password");
      return Envelope.of("database").data(data).ok();
    }
    if (request.isDelete()) {
      roles.remove(name);
      return VaultResponse.noContent();
    }
    throw VaultError.methodNotAllowed();
  }

  private VaultResponse creds(VaultRequest request, String roleName) {
    Role role = roles.get(roleName);
    if (role == null) {
      throw VaultError.badRequest("unknown role: " + roleName);
    }
    Connection connection = connection(role, roleName);
    if (role.creation().isEmpty()) {
      throw VaultError.internal("empty creation statements");
    }
    Instant now = clock.instant();
    Ttl.Grant ttl = Ttl.create(role.defaultTtl(), role.maxTtl());
    String username = secrets.username(request.token().displayName(), roleName, now);
    String password = secrets.password();
    String expiration = SqlTemplates.expiration(now.plusSeconds(ttl.seconds() + 5));
    try {
      connection.plugin().createUser(role.creation(), username, password, expiration);
    } catch (SQLException e) {
      throw VaultError.internal(e.getMessage());
    }
    String path = mount + "/creds/" + roleName;
    Lease lease =
        new Lease(
            secrets.leaseId(path),
            path,
            roleName,
            username,
            request.token().id(),
            now,
            ttl.seconds(),
            this);
    leases.add(lease);
    LOG.debug("issued {} for role {} under lease {}", username, roleName, lease.id);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", username);
    data.put("password", password);
    return Envelope.of("database")
        .lease(lease.id, true, ttl.seconds())
        .data(data)
        .warning(ttl.warning())
        .ok();
  }

  private Connection connection(Role role, String roleName) {
    Connection connection = connections.get(role.dbName());
    if (connection == null) {
      throw VaultError.internal("could not find database connection \"" + role.dbName() + "\"");
    }
    if (!connection.allows(roleName)) {
      throw VaultError.internal("\"" + roleName + "\" is not an allowed role");
    }
    return connection;
  }

  @Override
  public Ttl.Grant renew(Lease lease, long increment, Instant now) {
    Role role = roles.get(lease.role);
    if (role == null) {
      throw VaultError.badRequest(
          "error during renew: could not find role with name: " + lease.role);
    }
    Ttl.Grant grant = Ttl.renew(increment, role.defaultTtl(), role.maxTtl(), lease.issueTime, now);
    String expiration = SqlTemplates.expiration(now.plusSeconds(grant.seconds() + 5));
    try {
      connection(role, lease.role).plugin().renewUser(role.renew(), lease.username, expiration);
    } catch (SQLException e) {
      throw VaultError.internal(e.getMessage());
    }
    return grant;
  }

  @Override
  public void revoke(Lease lease) throws SQLException {
    Role role = roles.get(lease.role);
    List<String> statements = role == null ? List.of() : role.revocation();
    String dbName = role == null ? null : role.dbName();
    Connection connection = dbName == null ? null : connections.get(dbName);
    if (connection == null) {
      throw new SQLException("no database connection for role " + lease.role);
    }
    connection.plugin().revokeUser(statements, lease.username);
  }

  private VaultResponse staticRole(VaultRequest request, String name) {
    if (request.isWrite()) {
      Map<String, Object> body = request.body();
      String dbName = Json.string(body, "db_name");
      String username = Json.string(body, "username");
      long period = Json.seconds(body, "rotation_period");
      if (dbName.isEmpty() || username.isEmpty()) {
        throw VaultError.badRequest("db_name and username are required");
      }
      if (period < MIN_ROTATION_PERIOD) {
        throw VaultError.badRequest("rotation_period must be 5 seconds or more");
      }
      StaticRole role =
          new StaticRole(
              name, dbName, username, period, Json.list(body, "rotation_statements", false));
      rotate(role);
      staticRoles.put(name, role);
      return VaultResponse.noContent();
    }
    if (request.isRead()) {
      StaticRole role = staticRoles.get(name);
      if (role == null) {
        throw VaultError.notFound();
      }
      return Envelope.of("database").data(role.describe(clock.instant())).ok();
    }
    if (request.isDelete()) {
      staticRoles.remove(name);
      return VaultResponse.noContent();
    }
    throw VaultError.methodNotAllowed();
  }

  private StaticRole staticRoleNamed(String name) {
    StaticRole role = staticRoles.get(name);
    if (role == null) {
      throw VaultError.badRequest("unknown role: " + name);
    }
    return role;
  }

  private VaultResponse staticCreds(String name) {
    return Envelope.of("database").data(staticRoleNamed(name).credentials(clock.instant())).ok();
  }

  /** Rotates a static role's password now. */
  private void rotate(StaticRole role) {
    Connection connection = connections.get(role.dbName);
    if (connection == null) {
      throw VaultError.internal("could not find database connection \"" + role.dbName + "\"");
    }
    synchronized (role) {
      String password = secrets.password();
      try {
        connection.plugin().rotatePassword(role.rotation, role.username, password);
      } catch (SQLException e) {
        throw VaultError.internal("failed to rotate credentials: " + e.getMessage());
      }
      role.rotated(password, clock.instant());
    }
    LOG.debug("rotated the password of static role {}", role.name);
  }

  /** Rotates the static roles whose period has passed; a failure is retried after a backoff. */
  void rotateDue(Instant now) {
    for (StaticRole role : staticRoles.values()) {
      if (role.due(now)) {
        try {
          rotate(role);
        } catch (VaultError e) {
          role.retryAt(now.plus(retryBackoff));
          LOG.info("rotation of static role {} failed; will retry: {}", role.name, e.errors());
        }
      }
    }
  }
}
