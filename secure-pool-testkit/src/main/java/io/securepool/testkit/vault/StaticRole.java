package io.securepool.testkit.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A static role: an existing database user whose password the engine rotates every period. */
final class StaticRole {

  final String name;
  final String dbName;
  final String username;
  final long rotationPeriod;
  final List<String> rotation;
  private String password;
  private Instant lastRotation;
  private Instant nextRotation;

  StaticRole(
      String name, String dbName, String username, long rotationPeriod, List<String> rotation) {
    this.name = name;
    this.dbName = dbName;
    this.username = username;
    this.rotationPeriod = rotationPeriod;
    this.rotation = List.copyOf(rotation);
  }

  synchronized void rotated(String newPassword, Instant now) {
    password = newPassword;
    lastRotation = now;
    nextRotation = now.plusSeconds(rotationPeriod);
  }

  synchronized boolean due(Instant now) {
    return nextRotation != null && !now.isBefore(nextRotation);
  }

  synchronized void retryAt(Instant when) {
    nextRotation = when;
  }

  synchronized Map<String, Object> credentials(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", username);
    data.put("password", password);
    data.put("last_vault_rotation", Times.rfc3339(lastRotation));
    data.put("rotation_period", rotationPeriod);
    data.put("ttl", Math.max(0, nextRotation.getEpochSecond() - now.getEpochSecond()));
    return data;
  }

  synchronized Map<String, Object> describe(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("db_name", dbName);
    data.put("username", username);
    data.put("rotation_period", rotationPeriod);
    data.put("rotation_statements", rotation);
    data.put("last_vault_rotation", Times.rfc3339(lastRotation));
    data.put("ttl", Math.max(0, nextRotation.getEpochSecond() - now.getEpochSecond()));
    return data;
  }
}
