package io.securepool.testkit.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response wrapping: a request with {@code X-Vault-Wrap-TTL} gets, instead of its answer, a
 * single-use wrapping token in {@code wrap_info}; {@code sys/wrapping/unwrap} with that token (as
 * {@code X-Vault-Token}, or {@code token} in the body) hands the stored answer out once, after
 * which the token is gone: 400 {@code wrapping token is not valid or does not exist}, as in Vault.
 * {@code sys/wrapping/lookup} tells the creation path and TTL without using the token up.
 */
final class Wrapping {

  static final String INVALID = "wrapping token is not valid or does not exist";

  private record Wrapped(Object body, String creationPath, Instant created, long ttl) {}

  private final Map<String, Wrapped> wrapped = new ConcurrentHashMap<>();
  private final Secrets secrets;
  private final Clock clock;

  Wrapping(Secrets secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Wraps a successful answer for {@code ttlSeconds}. */
  VaultResponse wrap(VaultResponse response, String path, long ttlSeconds) {
    if (response.status() != 200 || ttlSeconds <= 0) {
      return response;
    }
    String token = secrets.token();
    Instant now = clock.instant();
    wrapped.put(token, new Wrapped(response.body(), path, now, ttlSeconds));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("token", token);
    info.put("accessor", secrets.base62(24));
    info.put("ttl", ttlSeconds);
    info.put("creation_time", Times.rfc3339(now));
    info.put("creation_path", path);
    info.put("wrapped_accessor", "");
    Map<String, Object> body = Envelope.of("").body();
    body.put("wrap_info", info);
    return new VaultResponse(200, body, Map.of());
  }

  /** The wrapped answer, once. */
  VaultResponse unwrap(String token) {
    Wrapped entry = token == null ? null : wrapped.remove(token);
    if (entry == null || expired(entry)) {
      throw VaultError.badRequest(INVALID);
    }
    return new VaultResponse(200, entry.body(), Map.of());
  }

  VaultResponse lookup(String token) {
    Wrapped entry = token == null ? null : wrapped.get(token);
    if (entry == null || expired(entry)) {
      throw VaultError.badRequest(INVALID);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("creation_path", entry.creationPath());
    data.put("creation_time", Times.rfc3339(entry.created()));
    data.put("creation_ttl", entry.ttl());
    return Envelope.of("").data(data).ok();
  }

  private boolean expired(Wrapped entry) {
    return !clock.instant().isBefore(entry.created().plusSeconds(entry.ttl()));
  }
}
