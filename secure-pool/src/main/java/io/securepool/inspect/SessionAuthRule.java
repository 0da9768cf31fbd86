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
    if (!sql.mayHave(Keywords.SET) && !sql.mayHave(Keywords.RESET)) {
      return null;
    }
    boolean stacked = sql.count(TokenType.SEMICOLON) > 0;
    for (int k = 0; k < sql.size(); k = stacked ? k + 1 : sql.size()) {
      if ((k == 0 || sql.is(k - 1, TokenType.SEMICOLON)) && changesAuthorization(sql, k)) {
        return "changes the session's role or authorization";
      }
    }
    return null;
  }

  static boolean changesAuthorization(ParsedSql sql, int k) {
    int j;
    if (sql.isWord(k, Keywords.SET)) {
      j = k + 1;
      if (sql.isWord(j, Keywords.LOCAL)) {
        j++;
      } else if (sql.isWord(j, Keywords.SESSION) && !sql.isWord(j + 1, Keywords.AUTHORIZATION)) {
        j++;
      }
    } else if (sql.isWord(k, Keywords.RESET)) {
      j = k + 1;
    } else {
      return false;
    }
    return sql.isWord(j, Keywords.ROLE)
        || (sql.isWord(j, Keywords.SESSION) && sql.isWord(j + 1, Keywords.AUTHORIZATION));
  }
}
