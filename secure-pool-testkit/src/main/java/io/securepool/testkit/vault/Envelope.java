package io.securepool.testkit.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Vault's success envelope, with every key always present: {@code request_id}, {@code lease_id},
 * {@code renewable}, {@code lease_duration}, {@code data}, {@code wrap_info}, {@code warnings},
 * {@code auth} and {@code mount_type}.
 */
final class Envelope {

  private String leaseId = "";
  private boolean renewable;
  private long leaseDuration;
  private Object data;
  private Object auth;
  private List<String> warnings;
  private final String mountType;

  private Envelope(String mountType) {
    this.mountType = mountType;
  }

  static Envelope of(String mountType) {
    return new Envelope(mountType);
  }

  Envelope lease(String id, boolean isRenewable, long durationSeconds) {
    this.leaseId = id;
    this.renewable = isRenewable;
    this.leaseDuration = durationSeconds;
    return this;
  }

  Envelope data(Object value) {
    this.data = value;
    return this;
  }

  Envelope auth(Object value) {
    this.auth = value;
    return this;
  }

  /** Adds a warning; {@code null} is ignored. */
  Envelope warning(String warning) {
    if (warning != null) {
      warnings = warnings == null ? List.of(warning) : append(warnings, warning);
    }
    return this;
  }

  private static List<String> append(List<String> list, String value) {
    java.util.ArrayList<String> copy = new java.util.ArrayList<>(list);
    copy.add(value);
    return List.copyOf(copy);
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", UUID.randomUUID().toString());
    body.put("lease_id", leaseId);
    body.put("renewable", renewable);
    body.put("lease_duration", leaseDuration);
    body.put("data", data);
    body.put("wrap_info", null);
    body.put("warnings", warnings);
    body.put("auth", auth);
    body.put("mount_type", mountType);
    return body;
  }

  VaultResponse ok() {
    return new VaultResponse(200, body(), Map.of());
  }

  VaultResponse status(int status) {
    return new VaultResponse(status, body(), Map.of());
  }

  /** 204, unless there are warnings: then 200 with the envelope, as Vault does. */
  static VaultResponse noContent(String mountType, String warning) {
    if (warning == null) {
      return VaultResponse.noContent();
    }
    return of(mountType).warning(warning).ok();
  }
}
