package io.securepool.internal.credentials;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The secrets one Vault endpoint has handled lately: the tokens and secret ids it was given or
 * sent, and the database passwords Vault answered. {@link Redaction} removes all of them from any
 * text Vault answers, not only those of the request at hand: a server that answers a renewal with
 * an error quoting the database password it issued earlier would otherwise put that password into
 * the message, the health details and the log. Only the latest {@value #KEPT} are kept.
 */
final class SeenSecrets {

  static final int KEPT = 64;

  private final LinkedHashSet<String> secrets = new LinkedHashSet<>();

  /** Remembers {@code secret} (ignored when {@code null} or blank). */
  synchronized void add(String secret) {
    if (secret == null || secret.isBlank()) {
      return;
    }
    secrets.remove(secret);
    secrets.add(secret);
    if (secrets.size() > KEPT) {
      Iterator<String> oldest = secrets.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The secrets remembered, oldest first. */
  synchronized List<String> all() {
    return new ArrayList<>(secrets);
  }
}
