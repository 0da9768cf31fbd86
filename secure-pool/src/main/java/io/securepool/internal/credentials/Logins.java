package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import java.util.Objects;

/** Comparing credentials without ever printing them. */
public final class Logins {

  private Logins() {}

  /** The same user name, password and lease: connections made with one serve the other. */
  public static boolean same(Credentials a, Credentials b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    return a.username().equals(b.username())
        && a.password().equals(b.password())
        && Objects.equals(a.leaseId().orElse(null), b.leaseId().orElse(null));
  }
}
