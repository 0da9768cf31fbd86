package io.securepool.testkit.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A KV version 2 engine: versioned writes and reads at {@code data/<path>}, soft delete of the
 * latest version, and removal of every version at {@code metadata/<path>}.
 */
final class KvEngine implements Backend {

  /** One version of a secret. */
  private static final class Version {
    final Map<String, Object> data;
    final Instant created;
    Instant deleted;

    Version(Map<String, Object> data, Instant created) {
      this.data = data;
      this.created = created;
    }
  }

  private final Map<String, List<Version>> secrets = new LinkedHashMap<>();
  private final Clock clock;

  KvEngine(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized VaultResponse handle(VaultRequest request, String subPath) {
    if (subPath.startsWith("data/") && subPath.length() > "data/".length()) {
      String path = subPath.substring("data/".length());
      if (request.isRead()) {
        return read(path, request.query().get("version"));
      }
      if (request.isWrite()) {
        return write(path, request.body());
      }
      if (request.isDelete()) {
        List<Version> versions = secrets.get(path);
        if (versions != null) {
          versions.get(versions.size() - 1).deleted = clock.instant();
        }
        return VaultResponse.noContent();
      }
      throw VaultError.methodNotAllowed();
    }
    if (subPath.startsWith("metadata/") && subPath.length() > "metadata/".length()) {
      if (!request.isDelete()) {
        throw VaultError.methodNotAllowed();
      }
      secrets.remove(subPath.substring("metadata/".length()));
      return VaultResponse.noContent();
    }
    return null;
  }

  private VaultResponse read(String path, String versionParameter) {
    List<Version> versions = secrets.get(path);
    if (versions == null) {
      throw VaultError.notFound();
    }
    int number = versions.size();
    if (versionParameter != null && !versionParameter.isEmpty() && !versionParameter.equals("0")) {
      try {
        number = Integer.parseInt(versionParameter);
      } catch (NumberFormatException e) {
        throw VaultError.badRequest("invalid version: " + versionParameter);
      }
      if (number < 1 || number > versions.size()) {
        throw VaultError.notFound();
      }
    }
    Version version = versions.get(number - 1);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("data", version.deleted == null ? version.data : null);
    data.put("metadata", metadata(version, number));
    Envelope envelope = Envelope.of("kv").data(data);
    return version.deleted == null ? envelope.ok() : envelope.status(404);
  }

  private VaultResponse write(String path, Map<String, Object> body) {
    Map<String, Object> data = Json.object(body, "data");
    if (data == null) {
      throw VaultError.badRequest("no data provided");
    }
    List<Version> versions = secrets.computeIfAbsent(path, p -> new ArrayList<>());
    Version version = new Version(new LinkedHashMap<>(data), clock.instant());
    versions.add(version);
    return Envelope.of("kv").data(metadata(version, versions.size())).ok();
  }

  private static Map<String, Object> metadata(Version version, int number) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("created_time", Times.rfc3339(version.created));
    metadata.put("custom_metadata", null);
    metadata.put("deletion_time", version.deleted == null ? "" : Times.rfc3339(version.deleted));
    metadata.put("destroyed", false);
    metadata.put("version", number);
    return metadata;
  }
}
