package io.securepool.inspect;

/**
 * Rejects changes of the session's role or authorization: {@code SET [SESSION | LOCAL] ROLE},
 * {@code SET [SESSION | LOCAL] SESSION AUTHORIZATION}, {@code RESET ROLE}, {@code RESET SESSION
 * AUTHORIZATION}. An application on a least-privilege login has no business switching identity, and
 * a pooled connection that did would hand the next borrower someone else's privileges. (The session
 * reset restores authorization through its own connection, not through inspected statements.)
 */
final class SessionAuthRule implements Rule {
  static final String ID = "SP-SQL-SESSION-AUTH";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    for (int k = 0; k < sql.size(); k++) {
      if ((k == 0 || sql.is(k - 1, TokenType.SEMICOLON)) && changesAuthorization(sql, k)) {
        return "changes the session's role or authorization";
      }
    }
    return null;
  }

  static boolean changesAuthorization(ParsedSql sql, int k) {
    int j;
    if (sql.isWord(k, "set")) {
      j = k + 1;
      if (sql.isWord(j, "local")) {
        j++;
      } else if (sql.isWord(j, "session") && !sql.isWord(j + 1, "authorization")) {
        j++;
      }
    } else if (sql.isWord(k, "reset")) {
      j = k + 1;
    } else {
      return false;
    }
    return sql.isWord(j, "role")
        || (sql.isWord(j, "session") && sql.isWord(j + 1, "authorization"));
  }
}
