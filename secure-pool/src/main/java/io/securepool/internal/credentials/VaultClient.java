package io.securepool.internal.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import io.securepool.api.SecurityRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Vault calls secure-pool makes, for one token, over vault-java-driver's {@code logical()} with
 * engine version 1 (no KV path rewriting), on the endpoint's size-bounded HTTP client.
 *
 * <p>Every call goes through {@code logical()}: its answers are read by the bounded client (the
 * driver's {@code sys()} calls build an unbounded one of their own), 4xx answers come back as
 * results instead of exceptions (so nothing is retried behind our back), and the body is parsed and
 * checked here by {@link VaultAnswer} rather than by the driver's response classes, which throw raw
 * runtime exceptions on unexpected values. Lease renewal sends the lease id in the body, not the
 * URL (policies often grant only {@code sys/leases/renew}).
 *
 * <p>Errors become {@link VaultCallException}s naming the path and the status. Vault's own error
 * text is kept for the secrets-engine and lease paths, after {@link Redaction} removed everything
 * this request carried (an echoing server would otherwise hand back the token); for the login,
 * token and unwrap paths, whose requests carry the secrets, only a fixed reason per status is
 * given.
 */
final class VaultClient {

  private static final int MAX_TOKEN = 2048;
  private static final int MAX_NAME = 63;
  private static final int MAX_PASSWORD = 1024;
  private static final int MAX_LEASE_ID = 512;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._+/=-]+");
  private static final Pattern LEASE_SUFFIX = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Vault vault;
  private final String token;
  private final SeenSecrets seen;

  VaultClient(Vault vault, String token, SeenSecrets seen) {
    this.vault = vault;
    this.token = token;
    this.seen = seen;
  }

  /** A login answer: the new token, its TTL and whether it renews. */
  record Login(String token, Duration ttl, Duration increment, boolean renewable) {
    @Override
    public String toString() {
      return "Login[****, ttl=" + ttl + ", renewable=" + renewable + "]";
    }
  }

  Login appRoleLogin(String mount, String roleId, String secretId) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role_id", roleId);
    body.put("secret_id", secretId);
    seen.add(secretId);
    return login(write("auth/" + mount + "/login", body, true, roleId, secretId));
  }

  Login kubernetesLogin(String mount, String role, String jwt) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    seen.add(jwt);
    return login(write("auth/" + mount + "/login", body, true, jwt));
  }

  private Login login(VaultAnswer answer) throws VaultCallException {
    VaultAnswer.Node auth = answer.root().object("auth");
    String clientToken = checkedToken(auth, "client_token");
    seen.add(clientToken);
    Duration ttl = auth.seconds("lease_duration", 0);
    return new Login(clientToken, ttl, ttl, auth.flag("renewable"));
  }

  /** lookup-self: the token's remaining TTL and whether it renews. */
  Login lookupSelf() throws VaultCallException {
    VaultAnswer.Node data = read("auth/token/lookup-self", true).root().object("data");
    Duration ttl = data.seconds("ttl", 0);
    Duration creation = data.has("creation_ttl") ? data.seconds("creation_ttl", 0) : ttl;
    boolean renewable = data.has("renewable") && data.flag("renewable");
    return new Login(token, ttl, creation, renewable);
  }

  /** renew-self asking for {@code increment}; returns the TTL granted. */
  Duration renewSelf(Duration increment) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("increment", increment.toSeconds());
    VaultAnswer answer = write("auth/token/renew-self", body, true);
    return atMost(answer.root().object("auth").seconds("lease_duration", 0), increment);
  }

  /**
   * Unwraps a response-wrapped AppRole secret id once (this client's token is the wrapping token,
   * which Vault accepts for exactly one unwrap).
   */
  String unwrapSecretId() throws VaultCallException {
    VaultAnswer answer = write("sys/wrapping/unwrap", new LinkedHashMap<>(), true);
    VaultAnswer.Node data = answer.root().object("data");
    String secretId = data.text("secret_id", MAX_TOKEN);
    if (!TOKEN.matcher(secretId).matches()) {
      throw data.bad("secret_id", "holds characters a secret id never has");
    }
    seen.add(secretId);
    return secretId;
  }

  /**
   * The creation path of this client's token, a wrapping token, through {@code sys/wrapping/lookup}
   * (which does not use the token up). Checked against what the caller expects before unwrapping,
   * as Vault's own clients do: a substituted wrapping token shows there.
   */
  String wrappingCreationPath() throws VaultCallException {
    // The token in the body too: Vault's lookup is an unauthenticated endpoint that reads it there.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    VaultAnswer answer = write("sys/wrapping/lookup", body, true);
    return answer.root().object("data").text("creation_path", MAX_LEASE_ID);
  }

  /** A dynamic database credential. */
  record Lease(String username, String password, String leaseId, Duration duration) {
    @Override
    public String toString() {
      return "Lease[" + username + ", ****, " + leaseId + ", " + duration + "]";
    }
  }

  /**
   * New dynamic credentials. When Vault issued a lease but the rest of the answer is refused, the
   * refusal names the lease ({@link VaultCallException#orphanLease()}) so it can be revoked.
   */
  Lease databaseCreds(String mount, String role, Instant now) throws VaultCallException {
    String path = mount + "/creds/" + role;
    VaultAnswer.Node root = read(path, false).root();
    String leaseId = root.text("lease_id", MAX_LEASE_ID);
    String prefix = path + "/";
    if (!leaseId.startsWith(prefix)
        || !LEASE_SUFFIX.matcher(leaseId.substring(prefix.length())).matches()) {
      throw root.bad("lease_id", "is not a lease of " + path);
    }
    // How the lease is named in logs, events and health: not at all when it quotes a secret.
    String withheld = prefix + "(lease id withheld: it quoted a secret)";
    String shown = quotesSecret(leaseId) ? withheld : leaseId;
    Duration duration;
    try {
      duration = root.seconds("lease_duration", 1);
    } catch (VaultCallException e) {
      throw e.withOrphan(leaseId, null, shown);
    }
    try {
      if (!shown.equals(leaseId)) {
        throw root.bad("lease_id", QUOTES_SECRET);
      }
      VaultAnswer.Node data = root.object("data");
      String password = checkedPassword(data, "password");
      // Checked again with this answer's password now among the secrets seen.
      if (quotesSecret(leaseId)) {
        shown = withheld;
        throw root.bad("lease_id", QUOTES_SECRET);
      }
      String username = shownName(data, "username");
      return new Lease(username, password, leaseId, duration);
    } catch (VaultCallException e) {
      throw e.withOrphan(leaseId, now.plus(duration), shown);
    }
  }

  /** Renews a lease asking for {@code increment}; returns the duration granted. */
  Duration renewLease(String leaseId, Duration increment) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lease_id", leaseId);
    body.put("increment", increment.toSeconds());
    return atMost(
        write("sys/leases/renew", body, false).root().seconds("lease_duration", 1), increment);
  }

  /**
   * What a renewal granted, never counted as more than was asked: Vault grants the increment or
   * less (capped at the max TTL); an answer granting more (a broken or hostile server, or a
   * periodic token's period) would otherwise stretch how long connections on the lease may live.
   * Counting less only renews sooner.
   */
  private static Duration atMost(Duration granted, Duration requested) {
    return !requested.isNegative() && !requested.isZero() && granted.compareTo(requested) > 0
        ? requested
        : granted;
  }

  /**
   * Revokes a lease now ({@code sync}); an unknown or already revoked lease is no error. Through
   * {@code logical()}, so that the answer is read by the bounded client.
   */
  void revokeLease(String leaseId) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lease_id", leaseId);
    try {
      call("sys/leases/revoke", body, false, true);
    } catch (VaultCallException e) {
      if (e.status() != 202) { // queued for revocation: Vault does it
        throw e;
      }
    }
  }

  /** A static role's current password and the seconds until its next rotation. */
  record StaticCreds(String username, String password, Duration ttl, String lastRotation) {
    @Override
    public String toString() {
      return "StaticCreds[" + username + ", ****, ttl=" + ttl + "]";
    }
  }

  StaticCreds staticCreds(String mount, String role) throws VaultCallException {
    String path = mount + "/static-creds/" + role;
    VaultAnswer.Node data = read(path, false).root().object("data");
    String lastRotation = data.text("last_vault_rotation", 64);
    try {
      OffsetDateTime.parse(lastRotation);
    } catch (DateTimeParseException e) {
      throw data.bad("last_vault_rotation", "is not an RFC 3339 time");
    }
    String password = checkedPassword(data, "password");
    String username = shownName(data, "username");
    if (quotesSecret(lastRotation)) {
      throw data.bad("last_vault_rotation", QUOTES_SECRET);
    }
    return new StaticCreds(username, password, data.seconds("ttl", 0), lastRotation);
  }

  /** A KV v2 secret's current key/values as text (strings only), and its version. */
  record KvSecret(Map<String, JsonValue> values, long version) {
    @Override
    public String toString() {
      return "KvSecret[keys=" + values.keySet() + ", version=" + version + "]";
    }
  }

  KvSecret kvRead(String mount, String path) throws VaultCallException {
    String fullPath = mount + "/data/" + path;
    VaultAnswer.Node data = read(fullPath, false).root().object("data");
    VaultAnswer.Node inner = data.optionalObject("data");
    if (inner == null) {
      throw new VaultCallException(fullPath + " holds no current version (deleted?)", 404, null);
    }
    long version = data.object("metadata").whole("version", 1, 1L << 53);
    Map<String, JsonValue> values = new LinkedHashMap<>();
    for (JsonObject.Member member : inner.members()) {
      values.put(member.getName(), member.getValue());
    }
    return new KvSecret(values, version);
  }

  /** A user name or password read from a KV secret's data, checked as one from Vault. */
  String kvValue(KvSecret secret, String path, String key, boolean password)
      throws VaultCallException {
    JsonObject holder = new JsonObject();
    JsonValue value = secret.values().get(key);
    if (value != null) {
      holder.add(key, value);
    }
    VaultAnswer.Node node =
        VaultAnswer.parse(path, holder.toString().getBytes(StandardCharsets.UTF_8)).root();
    return password ? checkedPassword(node, key) : shownName(node, key);
  }

  /**
   * A user name from Vault, which is shown (logs, events, health, {@code Credentials.toString()}):
   * checked as a PostgreSQL role name, and refused when it quotes a secret. Read after the answer's
   * password, so that the password is among the secrets it is checked against.
   */
  private String shownName(VaultAnswer.Node node, String field) throws VaultCallException {
    String name = checkedName(node, field);
    if (quotesSecret(name)) {
      throw node.bad(field, QUOTES_SECRET);
    }
    return name;
  }

  /**
   * Whether a value Vault answered, which is to be shown, quotes a secret: this client's token or
   * any secret the endpoint has handled ({@link SeenSecrets}: the AppRole secret id, the Kubernetes
   * JWT, wrapping and earlier tokens, the passwords Vault answered), in any spelling {@link
   * Redaction#quotesSecret} finds (fragments, case, separators, escapes, Base64, hex).
   */
  private boolean quotesSecret(String shown) {
    List<String> secrets = new ArrayList<>(seen.all());
    secrets.add(token);
    return Redaction.quotesSecret(shown, secrets);
  }

  private static final String QUOTES_SECRET =
      "quotes a secret (a password, a token, the AppRole secret id or the Kubernetes JWT)";

  private static String checkedToken(VaultAnswer.Node node, String field)
      throws VaultCallException {
    String value = node.text(field, MAX_TOKEN);
    if (!TOKEN.matcher(value).matches()) {
      throw node.bad(field, "holds characters a Vault token never has");
    }
    return value;
  }

  /** A PostgreSQL role name: 1 to 63 bytes, no control characters, no surrounding blanks. */
  static String checkedName(VaultAnswer.Node node, String field) throws VaultCallException {
    String name = node.text(field, MAX_NAME);
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
      throw node.bad(field, "is longer than PostgreSQL's 63 bytes");
    }
    if (blank(name.codePointAt(0)) || blank(name.codePointBefore(name.length()))) {
      throw node.bad(field, "starts or ends with white space");
    }
    return name;
  }

  /** White space of any kind, the no-break and ideographic spaces included. */
  private static boolean blank(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }

  private String checkedPassword(VaultAnswer.Node node, String field) throws VaultCallException {
    String password = node.secret(field, MAX_PASSWORD);
    seen.add(password);
    return password;
  }

  // ---- transport -----------------------------------------------------------------------------

  private VaultAnswer read(String path, boolean auth, String... secrets) throws VaultCallException {
    return call(path, null, auth, false, secrets);
  }

  private VaultAnswer write(String path, Map<String, Object> body, boolean auth, String... secrets)
      throws VaultCallException {
    return call(path, body, auth, false, secrets);
  }

  /**
   * One request: GET without a body, POST with one. Returns the checked answer, or {@code null}
   * when {@code noContentOk} and Vault answered 2xx without a body.
   */
  private VaultAnswer call(
      String path, Map<String, Object> body, boolean auth, boolean noContentOk, String... secrets)
      throws VaultCallException {
    List<String> sent = new ArrayList<>(Arrays.asList(secrets));
    sent.add(token);
    sent.addAll(seen.all());
    RestResponse rest;
    try {
      LogicalResponse response =
          body == null ? vault.logical().read(path) : vault.logical().write(path, body);
      rest = response.getRestResponse();
    } catch (VaultException e) {
      throw failed(path, e, auth, sent);
    } catch (StackOverflowError e) {
      // The driver parses every answer recursively before we see it; the bounded client refuses
      // deep nesting as it arrives, so this is the last line only.
      throw VaultAnswer.refused(path, "json", "is nested too deeply to be read");
    } catch (RuntimeException e) {
      // The driver's own checks (e.g. a header it cannot send) fail as runtime exceptions.
      throw new VaultCallException(
          "the Vault request on "
              + path
              + " could not be made ("
              + e.getClass().getSimpleName()
              + ")",
          0,
          null);
    }
    int status = rest.getStatus();
    if (status >= 300) {
      throw new VaultCallException(
          reason(path, status, auth, auth ? "" : errors(rest.getBody(), sent)), status, null);
    }
    byte[] bytes = rest.getBody();
    if (noContentOk && (bytes == null || bytes.length == 0)) {
      return null;
    }
    return VaultAnswer.parse(path, bytes);
  }

  /** "Vault answered 503 on path (sealed or no active node): Vault is sealed". */
  private static String reason(String path, int status, boolean auth, String vaultText) {
    String fixed = fixedReason(status, auth);
    return "Vault answered "
        + status
        + " on "
        + path
        + (fixed.isEmpty() ? "" : " (" + fixed + ")")
        + (vaultText.isEmpty() ? "" : ": " + vaultText);
  }

  private static String fixedReason(int status, boolean auth) {
    switch (status) {
      case 307:
        return "a redirect without a Location header";
      case 400:
        return auth ? "the login input or the request was refused as invalid" : "invalid request";
      case 403:
        return "permission denied, or the token is invalid or expired";
      case 404:
        return "not found";
      case 405:
        return "method not supported";
      case 412:
        return "a performance standby is not yet consistent";
      case 429:
        return "rate limit or lease quota exceeded";
      case 500:
        return "internal error";
      case 502:
        return "upstream error";
      case 503:
        return "sealed or no active node";
      default:
        return auth ? "unexpected status" : "";
    }
  }

  /** Vault's first error text, cleaned of everything the request carried. */
  private static String errors(byte[] body, List<String> sent) {
    if (body == null || body.length == 0 || VaultAnswer.tooDeep(body)) {
      return "";
    }
    try {
      JsonValue errors =
          Json.parse(new String(body, StandardCharsets.UTF_8)).asObject().get("errors");
      if (errors == null || !errors.isArray() || errors.asArray().isEmpty()) {
        return "";
      }
      JsonValue first = errors.asArray().get(0);
      return first.isString() ? Redaction.clean(first.asString(), sent) : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static VaultCallException failed(
      String path, VaultException e, boolean auth, List<String> sent) {
    int status = e.getHttpStatusCode();
    if (status > 0) {
      // The driver puts the answer's body into its message.
      String message = String.valueOf(e.getMessage());
      int start = message.indexOf('{');
      String text =
          auth || start < 0
              ? ""
              : errors(message.substring(start).getBytes(StandardCharsets.UTF_8), sent);
      return new VaultCallException(reason(path, status, auth, text), status, null);
    }
    VaultNodes.RedirectRefusedException redirect = redirectRefused(e);
    if (redirect != null) {
      return VaultCallException.refused(
          SecurityRule.CRED_VAULT_REDIRECT,
          "a Vault node redirected the request on "
              + path
              + " and the redirect was refused: "
              // the Location's host or scheme, which the server chose, cleaned
              + redirect.reason(text -> Redaction.clean(text, sent))
              + "; nothing was sent to the redirect's target. A standby names the active node:"
              + " list every node in vault.address, or allow the active node's name in"
              + " vault.redirect.allowed-hosts",
          307);
    }
    if (cause(e, BoundedHttpClient.ResponseTooDeepException.class) != null) {
      return VaultAnswer.refused(
          path, "json", "is nested deeper than " + VaultAnswer.MAX_DEPTH + " levels");
    }
    BoundedHttpClient.ResponseTooLargeException tooLarge = find(e);
    if (tooLarge != null) {
      return VaultCallException.refused(
          SecurityRule.CRED_VAULT_TOO_LARGE, path + ": " + tooLarge.getMessage() + "; refused", 0);
    }
    if (tlsFailure(e)) {
      return new VaultCallException(
          "the TLS handshake with Vault failed on "
              + path
              + " ("
              + rootCause(e, sent)
              + "): is Vault's certificate issued by the pinned CA (vault.ca-file)?",
          0,
          null);
    }
    return new VaultCallException(
        "Vault did not answer on " + path + " (" + rootCause(e, sent) + ")", 0, null);
  }

  private static BoundedHttpClient.ResponseTooLargeException find(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BoundedHttpClient.ResponseTooLargeException) {
        return (BoundedHttpClient.ResponseTooLargeException) cause;
      }
    }
    return null;
  }

  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return cause;
      }
    }
    return null;
  }

  private static VaultNodes.RedirectRefusedException redirectRefused(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof VaultNodes.RedirectRefusedException) {
        return (VaultNodes.RedirectRefusedException) cause;
      }
    }
    return null;
  }

  private static boolean tlsFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException
          || cause instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause, its message cleaned: a malformed answer's text can end up in it. */
  private static String rootCause(Throwable e, List<String> sent) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = Redaction.clean(cause.getMessage(), sent);
    return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }
}
