package io.securepool.internal.url;

import io.securepool.api.SecurityRule;
import io.securepool.api.WeakUrlException;
import io.securepool.internal.Refusals;

/**
 * The database name of a URL. It is decoded once, checked, and only ever passed on re-encoded: a
 * name holding a character that has a meaning in a URL or that no real database needs is refused,
 * because such a name is almost always an attempt to smuggle parameters (a {@code %3F} that a
 * careless rebuild turns into {@code ?}).
 */
final class DatabaseName {

  private static final String FORBIDDEN = "?&=%/\\#;";

  private DatabaseName() {}

  static String check(String pool, String raw) throws WeakUrlException {
    if (raw.isEmpty()) {
      throw refuse(pool, "the URL names no database, so pgjdbc would use the user name");
    }
    String name = JdbcUrl.decode(pool, raw, "the database name");
    if (name.isEmpty()) {
      throw refuse(pool, "the database name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || FORBIDDEN.indexOf(c) >= 0) {
        throw refuse(
            pool,
            c < 0x20 || c == 0x7f
                ? "the decoded database name holds a control character"
                : "the decoded database name holds '"
                    + c
                    + "', a character that separates URL parts or parameters");
      }
    }
    if (name.length() > 63) {
      throw refuse(pool, "the database name is longer than PostgreSQL's 63 bytes");
    }
    return name;
  }

  private static WeakUrlException refuse(String pool, String why) {
    return Refusals.urlPart(
        SecurityRule.URL_DATABASE_NAME,
        pool,
        "refused the database name of the JDBC URL",
        why
            + "; a database name that looks like URL syntax is how driver parameters are"
            + " smuggled past the URL policy",
        "write the plain database name after the '/', with none of ? & = % / \\ # ; or control"
            + " characters");
  }
}
