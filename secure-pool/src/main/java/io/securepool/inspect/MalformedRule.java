package io.securepool.inspect;

/**
 * Rejects SQL that does not lex: an unterminated quote, quoted identifier, dollar quote or comment,
 * or unbalanced parentheses, brackets or JDBC escape braces. Legitimate SQL from an application or
 * a migration never has these; an injected quote that breaks the template's quoting always does.
 */
final class MalformedRule implements Rule {
  static final String ID = "SP-SQL-MALFORMED";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    if (sql.hasError()) {
      return "the statement has an unterminated quote, identifier, dollar quote or comment";
    }
    int parens = 0;
    int brackets = 0;
    int braces = 0;
    for (int k = 0; k < sql.size(); k++) {
      switch (sql.type(k)) {
        case LPAREN:
          parens++;
          break;
        case RPAREN:
          parens--;
          break;
        case LBRACKET:
          brackets++;
          break;
        case RBRACKET:
          brackets--;
          break;
        case JDBC_ESCAPE:
          braces++;
          break;
        case RBRACE:
          braces--;
          break;
        default:
          break;
      }
      if (parens < 0 || brackets < 0 || braces < 0) {
        return "the statement closes a parenthesis, bracket or brace it never opened";
      }
    }
    if (parens != 0 || brackets != 0 || braces != 0) {
      return "the statement leaves a parenthesis, bracket or brace open";
    }
    return null;
  }
}
