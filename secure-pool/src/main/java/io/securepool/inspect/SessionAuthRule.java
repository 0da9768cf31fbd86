package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Locale;

/**
 * Rejects changes of the session's role or authorization: {@code SET [SESSION | LOCAL] ROLE},
 * {@code SET [SESSION | LOCAL] SESSION AUTHORIZATION}, {@code RESET ROLE}, {@code RESET SESSION
 * AUTHORIZATION}, the same settings named as identifiers in any spelling the server accepts ({@code
 * SET "role" = …}, {@code SET session_authorization …}, {@code ALTER DATABASE … SET "role"}), and
 * every {@code set_config} whose setting name is not one plain string constant (a bind parameter,
 * {@code lower('ROLE')}, {@code format('role')}, {@code 'ro' || 'le'}): its name could be {@code
 * role}. An application on a least-privilege login has no business switching identity, and a pooled
 * connection that did would hand the next borrower someone else's privileges. (The session reset
 * restores authorization through its own connection, not through inspected statements.)
 */
final class SessionAuthRule implements Rule {
  static final String ID = SecurityRule.SQL_SESSION_AUTH.id();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    if (!sql.mayHave(Keywords.SET)
        && !sql.mayHave(Keywords.RESET)
        && !sql.mayHave(Keywords.SET_CONFIG)
        && sql.count(TokenType.QUOTED_IDENT) == 0) {
      // Every trigger is one of these words, or set_config spelled as a quoted identifier.
      return null;
    }
    int n = sql.size();
    boolean alter = false;
    for (int k = 0; k < n; k++) {
      TokenType t = sql.type(k);
      boolean statementStart = k == 0 || sql.is(k - 1, TokenType.SEMICOLON);
      if (statementStart) {
        alter = sql.isWord(k, Keywords.ALTER);
      }
      if (t != TokenType.WORD && t != TokenType.QUOTED_IDENT) {
        continue;
      }
      // At a statement's start; or inside ALTER DATABASE | ROLE | FUNCTION … SET, which sets the
      // value for later sessions. Elsewhere SET is UPDATE's, and role may be a column.
      if ((statementStart || alter && sql.isWord(k, Keywords.SET))
          && (sql.isWord(k, Keywords.SET) || sql.isWord(k, Keywords.RESET))
          && changesAuthorization(sql, k)) {
        return "changes the session's role or authorization";
      }
      if (sql.is(k + 1, TokenType.LPAREN)
          && SqlNames.functionIs(sql, k, "set_config", Keywords.SET_CONFIG)
          && !catalogQualifiedElsewhere(sql, k)) {
        String name = SqlNames.constantArgument(sql, k + 1, 0);
        if (name == null) {
          return "calls set_config with a setting name that is not a string constant, which could"
              + " name the session's role";
        }
        if (isAuthorization(name.toLowerCase(Locale.ROOT))) {
          return "calls set_config to change the session's role";
        }
      }
    }
    return null;
  }

  /** A {@code schema.set_config} outside pg_catalog is another function (classified unknown). */
  private static boolean catalogQualifiedElsewhere(ParsedSql sql, int k) {
    if (!sql.is(k - 1, TokenType.DOT)) {
      return false;
    }
    String schema = SqlNames.identifier(sql, k - 2);
    return schema != null && !schema.equals("pg_catalog");
  }

  /**
   * Whether the {@code SET} or {@code RESET} at {@code k} changes the role or the session
   * authorization, whatever the spelling of the setting's name.
   */
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
    if (sql.isWord(j, Keywords.SESSION) && sql.isWord(j + 1, Keywords.AUTHORIZATION)) {
      return true;
    }
    String name = SessionEffectClassifier.settingName(sql, j);
    return name != null && isAuthorization(name);
  }

  /**
   * The role a statement that is nothing but {@code SET [SESSION | LOCAL] ROLE [TO | =] name}
   * switches to ({@code name} an identifier or a string constant, as the server reads it); null for
   * any other statement, {@code NONE} included. The pool lets a connection "switch" to the role it
   * is logged in as, which changes no privilege: Flyway sends {@code SET ROLE '<current user>'} to
   * restore a connection it borrowed.
   */
  static String roleSwitchTarget(ParsedSql sql) {
    int n = sql.size();
    while (n > 0 && sql.is(n - 1, TokenType.SEMICOLON)) {
      n--;
    }
    int j = 1;
    if (!sql.isWord(0, Keywords.SET)) {
      return null;
    }
    if (sql.isWord(j, Keywords.SESSION) || sql.isWord(j, Keywords.LOCAL)) {
      j++;
    }
    if (!sql.isWord(j, "role")) {
      return null;
    }
    j++;
    if (sql.isWord(j, "to") || sql.isOperator(j, "=")) {
      j++;
    }
    if (j != n - 1) {
      return null;
    }
    TokenType t = sql.type(j);
    String name =
        t == TokenType.WORD || t == TokenType.QUOTED_IDENT
            ? SqlNames.identifier(sql, j)
            : SqlNames.constant(sql, j);
    return name == null || name.equalsIgnoreCase("none") && t == TokenType.WORD ? null : name;
  }

  private static boolean isAuthorization(String lowerCaseName) {
    return lowerCaseName.equals("role") || lowerCaseName.equals("session_authorization");
  }
}
