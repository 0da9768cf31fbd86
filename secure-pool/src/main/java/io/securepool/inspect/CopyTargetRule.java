package io.securepool.inspect;

/**
 * Judges {@code COPY} by its target. {@code COPY (SELECT substring(code FROM 'x') …) TO STDOUT}
 * reads no file: the {@code FROM '…'} belongs to the query, not to the command. Only the {@code
 * FROM} or {@code TO} outside the parenthesised query (or after the table name) names the target,
 * and only a string there is a file on the server. {@link #overrules} lets the inspector set aside
 * the dangerous-function rule's COPY finding when the target is the client ({@code STDIN}/{@code
 * STDOUT}), there is no {@code PROGRAM}, and the query inside passes the same rule on its own.
 */
final class CopyTargetRule {
  private static final String COPY_FILE_REASON = "COPY to or from a file";

  /** Whether the rule's finding on this statement is only a misread COPY query. */
  boolean overrules(ParsedSql p, Rule rule) {
    String reason = rule.check(p);
    if (reason == null || !reason.startsWith(COPY_FILE_REASON) || !p.isWord(0, Keywords.COPY)) {
      return false;
    }
    int n = p.size();
    int queryStart = -1;
    int queryEnd = -1;
    int depth = 0;
    boolean clientTarget = false;
    for (int k = 1; k < n; k++) {
      TokenType t = p.type(k);
      if (t == TokenType.SEMICOLON) {
        return false;
      }
      if (t == TokenType.LPAREN) {
        if (depth == 0 && k == 1) {
          queryStart = k + 1;
        }
        depth++;
      } else if (t == TokenType.RPAREN) {
        depth--;
        if (depth == 0 && queryStart > 0 && queryEnd < 0) {
          queryEnd = k;
        }
      } else if (depth == 0) {
        if (p.isWord(k, Keywords.PROGRAM)) {
          return false;
        }
        if (p.isWord(k, Keywords.FROM) || p.isWord(k, Keywords.TO)) {
          clientTarget = p.isWord(k + 1, "stdin") || p.isWord(k + 1, "stdout");
          if (!clientTarget) {
            return false;
          }
        }
      }
    }
    if (!clientTarget || queryStart < 0 || queryEnd < 0) {
      return false;
    }
    Tokens inner = new Tokens(p.sql, 16);
    Lexer.tokenize(p.sql, p.start(queryStart), p.start(queryEnd), inner);
    return rule.check(new ParsedSql(p.sql, inner)) == null;
  }
}
