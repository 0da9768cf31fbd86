package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * First-sight patterns of injection, for call sites no model covers yet. Each looks at what follows
 * an untrusted literal of an application's statement, because an injected value closes the
 * template's literal and continues as SQL:
 *
 * <ul>
 *   <li>a UNION right after the literal whose arm shows the attacker's needs: a comment or a
 *       literal-to-literal comparison that absorbs the template's rest, NULL columns that probe the
 *       column count, an empty or negative value that selects nothing, credential or
 *       server-identity names, an arm that reads a whole table or forges rows ({@code SELECT *},
 *       {@code TABLE t}, {@code VALUES}), also in parentheses;
 *   <li>an OR right after the literal whose predicate does not depend on the row ({@code OR
 *       EXISTS(SELECT 1)}, {@code OR 1=(SELECT …)}), is nearly always true ({@code OR id IS NOT
 *       NULL}), follows an empty string ({@code '' OR …}), or compares another column with a string
 *       ({@code name = 'x' OR role = 'admin'});
 *   <li>an AND right after the literal whose predicate does not depend on the row and computes
 *       something: a sub-select or a function call ({@code AND 1=(SELECT …)}, {@code AND
 *       ascii(substr((SELECT …),1,1))>64}, {@code AND 1=CAST((SELECT …) AS int)});
 *   <li>an operator right after the literal whose operand is or holds a sub-select ({@code 'x' ||
 *       (SELECT …)}, {@code 5 + length((SELECT …))});
 *   <li>a sub-select cast to any type but text (error-based extraction: the conversion error quotes
 *       the value);
 *   <li>a block comment holding a quote between two parts of the statement (two input fields joined
 *       by a comment).
 * </ul>
 *
 * Without untrusted literals it checks only what needs none: a sub-select in ORDER BY, LIMIT or
 * OFFSET, and a {@code generate_series} of ten million rows or more.
 */
final class InjectionPatternRule {
  static final String ID = SecurityRule.SQL_INJECTION_PATTERN.id();

  /** Words that are neither columns nor functions in a predicate. */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "and",
          "or",
          "not",
          "is",
          "null",
          "true",
          "false",
          "unknown",
          "exists",
          "like",
          "ilike",
          "between",
          "in",
          "case",
          "when",
          "then",
          "else",
          "end",
          "as",
          "cast",
          "any",
          "all",
          "some",
          "similar",
          "to",
          "escape",
          "distinct",
          "from",
          "for",
          "select",
          "current_user",
          "session_user",
          "current_role",
          "user",
          "current_catalog",
          "current_schema",
          "int",
          "integer",
          "bigint",
          "smallint",
          "numeric",
          "decimal",
          "text",
          "varchar",
          "char",
          "boolean",
          "bool",
          "real",
          "double",
          "precision",
          "date",
          "timestamp",
          "interval",
          "array",
          "collate",
          "symmetric",
          "isnull",
          "notnull",
          "over");

  private static final Set<String> SENSITIVE =
      Set.of(
          "password",
          "passwd",
          "password_hash",
          "pwd",
          "pass",
          "secret",
          "token",
          "api_key",
          "apikey",
          "salt",
          "hash",
          "credit_card",
          "card_number",
          "ssn",
          "usename",
          "rolname",
          "rolpassword",
          "version",
          "current_user",
          "session_user",
          "current_database",
          "inet_server_addr",
          "pg_user",
          "pg_roles",
          "pg_authid",
          "pg_shadow",
          "pg_database");

  /**
   * Sensitive names that are server functions, and common column names too ({@code version} is
   * Hibernate's optimistic-lock column): they count only when called.
   */
  private static final Set<String> CALLS_ONLY =
      Set.of("version", "current_database", "inet_server_addr");

  private static final long HEAVY_SERIES = 10_000_000L;

  private static final byte OPERATOR_CODE = (byte) TokenType.OPERATOR.ordinal();
  private static final byte WORD_CODE = ParsedSql.WORD_CODE;
  private static final byte QUOTED_IDENT_CODE = ParsedSql.QUOTED_IDENT_CODE;
  private static final byte LPAREN_CODE = ParsedSql.LPAREN_CODE;
  private static final byte RPAREN_CODE = ParsedSql.RPAREN_CODE;
  private static final byte SEMICOLON_CODE = ParsedSql.SEMICOLON_CODE;

  private static final int ORDER = Keywords.ORDER;
  private static final int BY = Keywords.BY;
  private static final int LIMIT = Keywords.LIMIT;
  private static final int OFFSET = Keywords.OFFSET;
  private static final int FOR = Keywords.lookup("for", 0, 3);
  private static final int FETCH = Keywords.lookup("fetch", 0, 5);
  private static final int EXCEPT = Keywords.EXCEPT;
  private static final int INTERSECT = Keywords.INTERSECT;
  private static final int WHERE = Keywords.WHERE;

  static {
    for (int id : new int[] {FOR, FETCH}) {
      if (id <= 0) {
        throw new ExceptionInInitializerError("a clause keyword is missing from Keywords");
      }
    }
  }

  /** How many tokens before a predicate are searched for the names a sub-select may refer to. */
  private static final int MAX_OUTER = 512;

  /** Returns null when no pattern matches, else the one-line reason. */
  String check(ParsedSql p, boolean[] untrusted) {
    String r = clauseSubquery(p);
    if (r != null) {
      return r;
    }
    // One pass over the type codes for the checks that need no untrusted literal.
    byte[] codes = p.codes();
    int[] ids = p.keywordIds();
    int n = p.size();
    int[] hugeBefore = null;
    // The tokens the ORDER BY lists may still read: nested lists (an aggregate's ORDER BY inside a
    // sort key) are read again, up to a multiple of the statement's length, so the rule stays
    // linear whatever the nesting.
    int sortBudget = 4 * n;
    for (int k = 0; k < n; k++) {
      byte code = codes[k];
      if (ids[k] == BY && k > 0 && ids[k - 1] == ORDER && sortBudget > 0) {
        int end = sortKeys(p, k + 1);
        if (end < 0) {
          return "an ORDER BY key computes something no column decides: an injected expression";
        }
        sortBudget -= end - k;
      } else if (code == OPERATOR_CODE) {
        if (selfComparison(p, k)) {
          return "a column compared with itself: a condition that holds for every row";
        }
      } else if (((code == WORD_CODE && p.keyword(k) <= 0) || code == QUOTED_IDENT_CODE)
          && codes[Math.min(k + 1, n - 1)] == LPAREN_CODE
          && k + 1 < n) {
        // generate_series is outside the dictionary: only words with id 0 (or non-ASCII) qualify.
        if (hugeBefore == null) {
          hugeBefore = hugeNumbersBefore(p);
        }
        r = heavySeries(p, k, hugeBefore);
        if (r != null) {
          return r;
        }
      }
    }
    if (untrusted == null) {
      return null;
    }
    boolean[] commentAfter = p.commentAfter();
    int firstUntrusted = -1;
    boolean unionJudged = false;
    int[] subqueriesBefore = null;
    int statementStart = 0;
    for (int k = 0; k < n; k++) {
      if (codes[k] == SEMICOLON_CODE) {
        statementStart = k + 1;
      }
      if (untrusted[k]) {
        if (firstUntrusted < 0) {
          firstUntrusted = k;
        }
        int next = afterValue(p, k + 1);
        if (!unionJudged && p.isWord(next, Keywords.UNION)) {
          // The first UNION after a value is judged; its arm runs to the end of the statement.
          unionJudged = true;
          if (suspiciousUnion(p, k, next, commentAfter)) {
            return "a UNION follows a value and reads what an injected query reads";
          }
        }
        if (p.isWord(next, Keywords.OR) && suspiciousOr(p, k, next, commentAfter)) {
          return "an OR after a value adds a predicate that does not depend on the row or"
              + " tests another column: an injected condition";
        }
        if (p.isWord(next, Keywords.AND) && computedConstant(p, next + 1)) {
          return "an AND after a value adds a computed test that does not depend on the row:"
              + " blind extraction";
        }
        if (next == k + 1 && p.is(next, TokenType.OPERATOR) && p.tokens.mayHaveParenSelect()) {
          if (subqueriesBefore == null) {
            subqueriesBefore = subqueriesBefore(p);
          }
          if (operandHasSubquery(p, next + 1, subqueriesBefore)) {
            return "a value is combined with a sub-select ('x' || (SELECT …), 5-(SELECT …),"
                + " 'x' || upper((SELECT …))): an injected query";
          }
        }
      }
      if ((untrusted[k] || codes[k] == QUOTED_IDENT_CODE)
          && firstUntrusted >= 0
          && k > firstUntrusted
          && swallowsQuotedText(p, k, statementStart)) {
        return "a string after a value holds a quote followed by more of the statement: it"
            + " swallowed the template's text between two input fields";
      }
      if (firstUntrusted >= 0
          && k > firstUntrusted
          && p.tokens.mayHaveParenSelect()
          && (p.is(k, TokenType.LPAREN) || p.is(k + 1, TokenType.LPAREN))) {
        if (subqueriesBefore == null) {
          subqueriesBefore = subqueriesBefore(p);
        }
        if (castSubquery(p, k, subqueriesBefore)) {
          return "a sub-select cast to a type its text may not convert to, after a value:"
              + " error-based extraction";
        }
      }
    }
    if (firstUntrusted >= 0 && commentAfter != null) {
      r = commentBetweenParts(p, firstUntrusted);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /**
   * Whether the operand starting at {@code k} is or holds a sub-query: {@code (SELECT …)}, or a
   * parenthesised expression or a call whose arguments hold one ({@code upper((SELECT …))}, {@code
   * pg_catalog.concat(…)}), so wrapping the sub-select in a function does not hide it.
   */
  private static boolean operandHasSubquery(ParsedSql p, int k, int[] subqueriesBefore) {
    // {fn concat(…)}: pgjdbc sends the call (or its translation) in the escape's place.
    int at = p.is(k, TokenType.JDBC_ESCAPE) ? k + 1 : k;
    int open;
    if (p.is(at, TokenType.LPAREN)) {
      open = at;
    } else {
      int name = at;
      while ((p.type(name) == TokenType.WORD || p.type(name) == TokenType.QUOTED_IDENT)
          && p.is(name + 1, TokenType.DOT)) {
        name += 2;
      }
      if (p.type(name) != TokenType.WORD && p.type(name) != TokenType.QUOTED_IDENT
          || !p.is(name + 1, TokenType.LPAREN)) {
        return false;
      }
      open = name + 1;
    }
    int close = Predicate.matching(p, open);
    int end = close < 0 ? p.size() : close;
    return subqueriesBefore[end] > subqueriesBefore[open];
  }

  /**
   * Per significant token index {@code k}, how many sub-queries ({@code (} followed by a word that
   * starts a query) open before it: a range holds one when the counts at its ends differ. Built
   * once per statement, so that nested operands cost linear time, not quadratic.
   */
  private static int[] subqueriesBefore(ParsedSql p) {
    int n = p.size();
    int[] before = new int[n + 1];
    for (int j = 0; j < n; j++) {
      before[j + 1] = before[j] + (p.is(j, TokenType.LPAREN) && p.startsQuery(j + 1) ? 1 : 0);
    }
    return before;
  }

  /** {@code x = x} or {@code t.x = t.x} with the {@code =} at {@code k}, as a whole predicate. */
  private static boolean selfComparison(ParsedSql p, int k) {
    if (!p.isOperator(k, "=")) {
      return false;
    }
    int left = k - 1;
    int right = k + 1;
    if (p.type(left) != TokenType.WORD || p.type(right) != TokenType.WORD) {
      return false;
    }
    int leftStart = left;
    int rightEnd = right;
    if (p.is(left - 1, TokenType.DOT) && p.is(right + 1, TokenType.DOT)) {
      if (p.type(left - 2) != TokenType.WORD
          || p.type(right + 2) != TokenType.WORD
          || !p.sameText(left - 2, right)
          || !p.sameText(left, right + 2)) {
        return false;
      }
      leftStart = left - 2;
      rightEnd = right + 2;
    } else if (p.is(left - 1, TokenType.DOT) || p.is(right + 1, TokenType.DOT)) {
      return false;
    } else if (!p.sameText(left, right)) {
      return false;
    }
    boolean starts =
        p.isWord(leftStart - 1, WHERE)
            || p.isWord(leftStart - 1, Keywords.AND)
            || p.isWord(leftStart - 1, Keywords.OR)
            || p.is(leftStart - 1, TokenType.LPAREN);
    TokenType after = p.type(rightEnd + 1);
    boolean ends =
        after == null
            || after == TokenType.RPAREN
            || after == TokenType.SEMICOLON
            || (after == TokenType.WORD
                && p.name(rightEnd + 1) != null
                && Set.of("and", "or", "order", "group", "limit", "offset", "union", "returning")
                    .contains(p.name(rightEnd + 1)));
    return starts && ends;
  }

  // --- UNION ---------------------------------------------------------------------------------

  private static boolean suspiciousUnion(ParsedSql p, int literal, int union, boolean[] after) {
    if (isEmptyOrNegative(p, literal)) {
      return true;
    }
    int n = p.size();
    if (after != null) {
      for (int j = union; j < n; j++) {
        if (after[j]) {
          return true;
        }
      }
    }
    int last = n - 1;
    while (last > union && p.is(last, TokenType.SEMICOLON)) {
      last--;
    }
    // A literal compared with a literal ('' = '') balances the injection's quotes against the
    // template's, wherever the template's rest follows.
    for (int j = union + 2; j < last; j++) {
      if (p.is(j, TokenType.OPERATOR) && p.type(j - 1).isLiteral() && p.type(j + 1).isLiteral()) {
        return true;
      }
    }
    int arm = union + 1;
    while (p.isWord(arm, Keywords.ALL)
        || p.isWord(arm, "distinct")
        || p.is(arm, TokenType.LPAREN)) {
      arm++;
    }
    // SELECT * and TABLE t read a whole table whatever its columns; VALUES forges rows (a login
    // row, a price): each serves an injection, not a query an application writes after a value.
    if ((p.isWord(arm, Keywords.SELECT) && p.isOperator(arm + 1, "*"))
        || p.isWord(arm, Keywords.TABLE_WORD)
        || p.isWord(arm, Keywords.VALUES)) {
      return true;
    }
    for (int j = union + 1; j <= last; j++) {
      String name = p.name(j);
      if (name == null) {
        continue;
      }
      if (SENSITIVE.contains(name)
          && (!CALLS_ONLY.contains(name) || p.is(j + 1, TokenType.LPAREN))) {
        return true;
      }
      if (name.equals("null")
          && (p.is(j - 1, TokenType.COMMA) || p.isWord(j - 1, Keywords.SELECT))
          && (p.is(j + 1, TokenType.COMMA) || p.isWord(j + 1, Keywords.FROM) || j == last)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEmptyOrNegative(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.STRING) {
      return p.end(k) - p.start(k) == 2;
    }
    if (t == TokenType.NUMBER) {
      return p.is(k - 1, TokenType.OPERATOR) && p.isOperator(k - 1, "-")
          || (p.end(k) - p.start(k) == 1 && p.sql.charAt(p.start(k)) == '0');
    }
    return false;
  }

  // --- OR / AND ------------------------------------------------------------------------------

  private static boolean suspiciousOr(ParsedSql p, int literal, int or, boolean[] after) {
    int from = or + 1;
    int start = from;
    while (p.is(start, TokenType.LPAREN) && !p.startsQuery(start + 1)) {
      start++;
    }
    int end = Predicate.boundary(p, start);
    if (end <= start) {
      return false;
    }
    // The parentheses the value closed before the OR (a suffix such as COLLATE "C" may stand there
    // too: see afterValue).
    int closed = 0;
    for (int j = literal + 1; j < or; j++) {
      closed += p.is(j, TokenType.RPAREN) ? 1 : 0;
    }
    if (isEmptyString(p, literal) && templateQuoteFollows(p, from, -closed, after)) {
      return true;
    }
    Predicate pred = Predicate.of(p, start, end);
    if (!pred.dependsOnRow) {
      return true;
    }
    if (pred.isNotNullTest) {
      return true;
    }
    // name = 'x' OR role = 'admin': another column against a string, where the template had one.
    // Its string can end where the template's quote resumes only when the parentheses between the
    // value and it balance: '') OR (role = 'admin' does, '' OR (kind = 'guest' AND …) does not.
    int column = comparedColumn(p, literal);
    return column >= 0
        && start - from == closed
        && end - start == 3
        && p.type(start) == TokenType.WORD
        && p.is(start + 1, TokenType.OPERATOR)
        && isStringType(p.type(start + 2))
        && isStringType(p.type(literal))
        && !p.sameText(column, start);
  }

  /** {@code ''}, {@code E''} or {@code U&''}: a string the template opened and the value closed. */
  private static boolean isEmptyString(ParsedSql p, int k) {
    TokenType t = p.type(k);
    int length = p.end(k) - p.start(k);
    return (t == TokenType.STRING && length == 2)
        || (t == TokenType.ESCAPE_STRING && length == 3)
        || (t == TokenType.UNICODE_STRING && length == 4);
  }

  /** How far the boolean chain after {@code '' OR} is followed; longer chains count as injected. */
  private static final int MAX_CHAIN = 4 * Predicates.MAX_PREDICATE;

  /**
   * Whether the boolean chain that starts after {@code '' OR} at {@code from} can hold the
   * template's closing quote. An injected {@code ' OR …} closes the template's string at once (so
   * the value reads {@code ''}), and the template's own closing quote still follows the injected
   * text: it must end a string literal the injection opened, balanced in parentheses with the
   * start, or sit in a comment. A chain that ends (at a comma, a clause keyword, the end of its
   * group) with no such literal and no comment cannot be an injection into that string: the
   * application compared with an empty string itself ({@code coalesce(x, '') = '' OR x IS NULL},
   * {@code … = '' OR (source = 'default' AND …)}). The injection may close the template's
   * parentheses and reopen them ({@code '') OR ('1'='1'}): {@code depth} starts below zero by the
   * parentheses closed between the value and the OR; a chain that leaves its group for anything but
   * AND or OR has ended.
   */
  private static boolean templateQuoteFollows(ParsedSql p, int from, int depth, boolean[] after) {
    int n = p.size();
    int limit = Math.min(n, from + MAX_CHAIN);
    for (int j = from; j < limit; j++) {
      if (after != null && after[j - 1]) {
        return true;
      }
      TokenType t = p.type(j);
      if (t == TokenType.LPAREN || t == TokenType.LBRACKET) {
        depth++;
      } else if (t == TokenType.RPAREN || t == TokenType.RBRACKET) {
        depth--;
        if (depth < 0 && !(p.isWord(j + 1, Keywords.AND) || p.isWord(j + 1, Keywords.OR))) {
          return false;
        }
      } else if (t == TokenType.SEMICOLON) {
        return false;
      } else if (depth <= 0 && (t == TokenType.COMMA || CHAIN_ENDS.word(p, j) != null)) {
        return false;
      } else if (depth == 0 && closesWithQuote(p, j)) {
        return true;
      }
    }
    return limit < n || (after != null && after[n - 1]);
  }

  /** Words that end a boolean chain at its own depth. */
  private static final WordSet CHAIN_ENDS =
      new WordSet(
          Set.of(
              "order",
              "group",
              "having",
              "limit",
              "offset",
              "fetch",
              "for",
              "window",
              "union",
              "intersect",
              "except",
              "returning",
              "then",
              "else",
              "end",
              "when",
              "from",
              "where",
              "into",
              "on",
              "using",
              "set",
              "values",
              "select"));

  /**
   * A token the template's closing quote can end ({@code '…'}, {@code E'…'}, {@code B'…'}) or sit
   * inside (a dollar-quoted string or quoted name the injection opened).
   */
  private static boolean closesWithQuote(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.DOLLAR_STRING || t == TokenType.QUOTED_IDENT) {
      return true;
    }
    return t.isLiteral() && p.sql.charAt(p.end(k) - 1) == '\'';
  }

  private static boolean computedConstant(ParsedSql p, int from) {
    int start = from;
    while (p.is(start, TokenType.LPAREN) && !p.startsQuery(start + 1)) {
      start++;
    }
    int end = Predicate.boundary(p, start);
    if (end <= start) {
      return false;
    }
    Predicate pred = Predicate.of(p, start, end);
    return !pred.dependsOnRow && (pred.subselects > 0 || pred.calls > 0);
  }

  /** The column compared with the literal at {@code k} ({@code col = 'x'}), or -1. */
  private static int comparedColumn(ParsedSql p, int k) {
    if (p.is(k - 1, TokenType.OPERATOR) && p.type(k - 2) == TokenType.WORD) {
      return k - 2;
    }
    return -1;
  }

  private static boolean isStringType(TokenType t) {
    return t == TokenType.STRING
        || t == TokenType.ESCAPE_STRING
        || t == TokenType.UNICODE_STRING
        || t == TokenType.DOLLAR_STRING;
  }

  // --- casts, comments, clauses ----------------------------------------------------------------

  /**
   * {@code CAST(… (SELECT …) … AS type)} or {@code (… (SELECT …) …)::type} starting at {@code k},
   * for any type but a text type: the server's conversion error then quotes the sub-select's value
   * ({@code CAST((SELECT password FROM users) || '' AS int)}, {@code ((SELECT …))::uuid}). Constant
   * time per token: the parentheses are matched once per statement, sub-selects counted once.
   */
  private static boolean castSubquery(ParsedSql p, int k, int[] subqueriesBefore) {
    int open;
    int close;
    int type;
    if (p.isWord(k, "cast") && p.is(k + 1, TokenType.LPAREN)) {
      open = k + 1;
      close = Predicate.matching(p, open);
      type = close < 0 ? -1 : castTarget(p, open, close);
    } else if (p.is(k, TokenType.LPAREN)) {
      open = k;
      close = Predicate.matching(p, open);
      type = close > 0 && p.is(close + 1, TokenType.CAST) ? close + 2 : -1;
    } else if (p.is(k + 1, TokenType.LPAREN)
        && (p.type(k) == TokenType.WORD || p.type(k) == TokenType.QUOTED_IDENT)) {
      // A conversion function, also schema-qualified: int4((SELECT …)), pg_catalog.numeric(…),
      // to_date((SELECT …), 'YYYY').
      String function = p.name(k);
      if (function == null || !CONVERSIONS.contains(function)) {
        return false;
      }
      open = k + 1;
      close = Predicate.matching(p, open);
      return close > 0 && subqueriesBefore[close] - subqueriesBefore[open] > 0;
    } else {
      return false;
    }
    if (type < 0
        || subqueriesBefore[close] - subqueriesBefore[open] == 0
        || numericAggregate(p, open, close)) {
      return false;
    }
    if (open == k + 1 && p.is(close + 1, TokenType.CAST)) {
      // CAST(… AS text)::int: the chain goes on after the CAST.
      return errorProne(p, type) || errorProne(p, close + 2);
    }
    return errorProne(p, type);
  }

  /**
   * Whether the group {@code (open, close)} is one sub-select of one count, sum or avg ({@code
   * (SELECT avg(price) FROM products)}): its value is a number, which a numeric cast cannot fail
   * on, as a report compares it ({@code price > (SELECT avg(price) FROM products)::numeric(10,2)}).
   * min and max are not: of a text column they are text.
   */
  private static boolean numericAggregate(ParsedSql p, int open, int close) {
    int select = p.is(open + 1, TokenType.LPAREN) ? open + 2 : open + 1;
    if (!p.isWord(select, Keywords.SELECT) || !p.is(select + 2, TokenType.LPAREN)) {
      return false;
    }
    String function = p.name(select + 1);
    int call = p.matching(select + 2);
    int group = p.matching(select - 1);
    return function != null
        && NUMERIC_AGGREGATES.contains(function)
        && call > 0
        && p.isWord(call + 1, Keywords.FROM)
        && (group == close || group == close - 1 || p.isWord(group + 1, "as"));
  }

  private static final Set<String> NUMERIC_AGGREGATES = Set.of("count", "sum", "avg");

  /**
   * Whether a cast to the type at {@code at}, or to one after it in a chain of {@code ::} casts,
   * may fail on a text: any type but a text type, and any array type ({@code ::text[]} fails with
   * the value in its message too).
   */
  private static boolean errorProne(ParsedSql p, int at) {
    int type = at;
    for (int links = 0; links < 16 && type >= 0; links++) {
      if (p.is(type + 1, TokenType.DOT)) {
        type += 2; // pg_catalog.int4
      }
      String name = p.name(type);
      if (name == null) {
        return false;
      }
      int next = type + 1;
      if (p.isWord(type, "character") && p.isWord(next, "varying")) {
        next++;
      }
      if (p.is(next, TokenType.LPAREN)) {
        int close = Predicate.matching(p, next);
        next = close < 0 ? next : close + 1; // numeric(10, 2), varchar(20)
      }
      if (!TEXT_TYPES.contains(name) || p.is(next, TokenType.LBRACKET)) {
        return true;
      }
      type = p.is(next, TokenType.CAST) ? next + 1 : -1;
    }
    return false;
  }

  /**
   * The type token of {@code CAST(… AS type)} whose parentheses are {@code open} and {@code close}:
   * the word after the last {@code AS} outside inner parentheses and brackets, looked for among the
   * last tokens ({@code AS numeric(10, 2)}, {@code AS double precision}, {@code AS int[1][1]}); -1
   * when there is none.
   */
  private static int castTarget(ParsedSql p, int open, int close) {
    int depth = 0;
    for (int j = close - 1; j > open && j >= close - 64; j--) {
      if (p.is(j, TokenType.RPAREN) || p.is(j, TokenType.RBRACKET)) {
        depth++;
      } else if (p.is(j, TokenType.LPAREN) || p.is(j, TokenType.LBRACKET)) {
        depth--;
      } else if (depth == 0 && p.isWord(j, "as")) {
        return j + 1 < close ? j + 1 : -1;
      }
    }
    return -1;
  }

  /** Functions that convert a text and fail, quoting it, on one they cannot read. */
  private static final Set<String> CONVERSIONS =
      Set.of(
          "int2",
          "int4",
          "int8",
          "float4",
          "float8",
          "numeric",
          "bool",
          "date",
          "timestamp",
          "timestamptz",
          "interval",
          "uuid",
          "inet",
          "cidr",
          "json",
          "jsonb",
          "xml",
          "oid",
          "regclass",
          "regproc",
          "regtype",
          "money",
          "to_date",
          "to_number",
          "to_timestamp",
          "xmlparse",
          "to_regclass");

  /**
   * The first token from {@code j} on that is not a {@code )} or a suffix a value may carry: {@code
   * ESCAPE 'c'}, {@code COLLATE name}, {@code ::type} (also {@code ::schema.type[]}). An injection
   * puts one between the value it closes and its OR ({@code LIKE '%x' ESCAPE '!' OR name LIKE
   * '%'}), as the escape character's literal is a trusted slot. At most a few tokens per suffix.
   */
  private static int afterValue(ParsedSql p, int j) {
    int next = j;
    while (true) {
      if (p.is(next, TokenType.RPAREN)) {
        next++;
      } else if (p.isWord(next, "escape")
          && p.type(next + 1) != null
          && p.type(next + 1).isLiteral()) {
        next += 2;
      } else if (p.isWord(next, "collate") && p.type(next + 1) != null) {
        next += p.is(next + 2, TokenType.DOT) ? 4 : 2;
      } else if (p.is(next, TokenType.CAST) && p.type(next + 1) != null) {
        next += p.is(next + 2, TokenType.DOT) ? 4 : 2;
        while (p.is(next, TokenType.LBRACKET) && p.is(next + 1, TokenType.RBRACKET)) {
          next += 2;
        }
      } else {
        return next;
      }
    }
  }

  /**
   * An {@code E'…'} or dollar-quoted string or a quoted name, in a data statement, whose text holds
   * a quote followed by the rest of a statement, or starts or ends with a quote: the template's
   * closing and opening quotes of two input fields, with its text between them, swallowed ({@code
   * name = 'x' OR name = E'\' AND password = ' OR name = 'admin'}, {@code $q$' AND password =
   * '$q$}). A plain string cannot do this: the template's quote would close it.
   */
  private static boolean swallowsQuotedText(ParsedSql p, int k, int statementStart) {
    TokenType t = p.type(k);
    if (t != TokenType.ESCAPE_STRING
        && t != TokenType.DOLLAR_STRING
        && t != TokenType.QUOTED_IDENT) {
      return false; // a plain string cannot: the template's quote would close it
    }
    // A name holds any text too: "' AND pass = '" as an alias swallows the template's.
    int from = ParsedSql.bodyStart(p.sql, p.start(k), t);
    int to = ParsedSql.bodyEnd(p.sql, p.start(k), p.end(k), t);
    boolean quote = false;
    for (int i = from; i < to && !quote; i++) {
      quote = p.sql.charAt(i) == '\'';
    }
    return quote
        && DATA_STATEMENTS.word(p, statementStart) != null
        && CommentTruncationRule.swallowsQuote(p.sql, from, to);
  }

  private static final WordSet DATA_STATEMENTS =
      new WordSet(Set.of("select", "insert", "update", "delete", "with", "values", "table"));

  /**
   * An ORDER BY key that computes what the row does not decide: a key with a call and no column
   * ({@code CAST(version() AS int)}, error-based through the sort), or a CASE whose WHEN condition
   * calls a function or reads a sub-select without a column or a parameter ({@code CASE WHEN
   * substr(current_user, 1, 1) = 'p' THEN price ELSE id END}, blind through the order of rows).
   * {@code random()}, a sort by a column position, a parameterised sort ({@code CASE WHEN ? =
   * 'name' THEN name END}) and any key that refers to a column pass. Returns -1 for such a key,
   * else the index where the list ends; each key and each outermost WHEN condition is read once.
   */
  private static int sortKeys(ParsedSql p, int first) {
    int n = p.size();
    {
      int key = first;
      int depth = 0;
      int cases = 0;
      int when = -1;
      // A key or test computes nothing without a '(' (a call or a sub-select): only then is it
      // read.
      int lastParen = -1;
      for (int j = key; j <= n; j++) {
        boolean end =
            j == n
                || p.is(j, TokenType.SEMICOLON)
                || (depth == 0
                    && (p.is(j, TokenType.RPAREN)
                        || p.isWord(j, LIMIT)
                        || p.isWord(j, OFFSET)
                        || p.isWord(j, FOR)
                        || p.isWord(j, FETCH)
                        || p.isWord(j, Keywords.UNION)
                        || p.isWord(j, EXCEPT)
                        || p.isWord(j, INTERSECT)));
        if (end || (depth == 0 && p.is(j, TokenType.COMMA))) {
          if (lastParen >= key && computedKey(p, key, j)) {
            return -1;
          }
          if (end) {
            return j;
          }
          key = j + 1;
          continue;
        }
        if (p.is(j, TokenType.LPAREN)) {
          depth++;
          lastParen = j;
        } else if (p.is(j, TokenType.RPAREN)) {
          depth--;
        } else if (p.isWord(j, "case")) {
          cases++;
          if (cases == 1 && !p.isWord(j + 1, "when")) {
            when = j + 1; // CASE operand WHEN …: the operand is the test
          }
        } else if (p.isWord(j, "end") && cases > 0) {
          cases--;
        } else if (cases == 1 && (p.isWord(j, "when") || p.isWord(j, "then"))) {
          // The test before it: a searched CASE's WHEN condition, or a simple CASE's operand.
          if (when > 0 && lastParen >= when && computedKey(p, when, j)) {
            return -1; // a test no column decides: blind extraction through the order of rows
          }
          when = p.isWord(j, "when") ? j + 1 : -1;
        }
      }
    }
    return n;
  }

  /**
   * Whether the sort key or test {@code [from, to)} computes what no row decides: it calls a
   * function other than {@code random()} or {@code setseed()}, or reads a sub-select, and refers to
   * no column, parameter or aggregate ({@code count(*)} sorts by the group). A direction and {@code
   * NULLS FIRST|LAST} at its end are left out.
   */
  static boolean computedKey(ParsedSql p, int from, int to) {
    int end = to;
    while (end > from
        && (p.isWord(end - 1, "asc")
            || p.isWord(end - 1, "desc")
            || p.isWord(end - 1, "first")
            || p.isWord(end - 1, "last")
            || p.isWord(end - 1, "nulls"))) {
      end--;
    }
    if (end <= from) {
      return false;
    }
    int calls = 0;
    for (int j = from; j < end; j++) {
      TokenType t = p.type(j);
      if (t != null && t.isParameter()) {
        return false;
      }
      if ((t == TokenType.WORD || t == TokenType.QUOTED_IDENT) && p.is(j + 1, TokenType.LPAREN)) {
        String name = SqlNames.function(p, j);
        if (name != null && AGGREGATES.contains(name)) {
          return false;
        }
        if (name == null || !SORT_FUNCTIONS.contains(name)) {
          calls++;
        }
      }
    }
    Predicate r = Predicate.of(p, from, end);
    return !r.dependsOnRow && (calls > 0 || r.subselects > 0);
  }

  /** Functions a legitimate sort calls without a column: a shuffled order. */
  private static final Set<String> SORT_FUNCTIONS = Set.of("random", "setseed");

  /** Aggregates and window functions: a key that calls one depends on the rows it groups. */
  private static final Set<String> AGGREGATES =
      Set.of(
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "string_agg",
          "array_agg",
          "bool_and",
          "bool_or",
          "every",
          "stddev",
          "variance",
          "row_number",
          "rank",
          "dense_rank",
          "percent_rank",
          "cume_dist",
          "ntile",
          "lag",
          "lead",
          "first_value",
          "last_value",
          "nth_value",
          "json_agg",
          "jsonb_agg",
          "percentile_cont",
          "percentile_disc",
          "mode");

  /** Types any text converts to: a cast to them raises no error that could quote a value. */
  private static final Set<String> TEXT_TYPES =
      Set.of("text", "varchar", "char", "character", "bpchar", "name", "citext", "unknown");

  /**
   * A closed block comment with a quote in it, after an untrusted literal and before more of the
   * statement: {@code 'admin'/*' AND password = '*}{@code / OR ''=''}.
   */
  private static String commentBetweenParts(ParsedSql p, int firstUntrusted) {
    Tokens tokens = p.tokens;
    int k = -1;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      if (!t.isComment()) {
        k++;
        continue;
      }
      if (t != TokenType.BLOCK_COMMENT || k < firstUntrusted || k + 1 >= p.size()) {
        continue;
      }
      // The comment holds the template's text between two values: it starts with the quote
      // that closes the first value or ends with the quote that opens the second. Prose with an
      // apostrophe inside (/* it's fine */) does neither.
      int bodyStart = tokens.start(i) + 2;
      int bodyEnd = tokens.end(i) - 2;
      if (bodyEnd > bodyStart
          && (p.sql.charAt(bodyStart) == '\'' || p.sql.charAt(bodyEnd - 1) == '\'')) {
        return "a block comment holding a quote joins two parts of the statement: two"
            + " injected values";
      }
    }
    return null;
  }

  /**
   * A sub-select in the ORDER BY, LIMIT or OFFSET clause of a query, found in one pass: the depths
   * at which such a clause is open are kept on a stack, and a clause ends at the parenthesis that
   * closes its query or at the next clause keyword of its depth.
   */
  private static String clauseSubquery(ParsedSql p) {
    if (!(p.mayHave(ORDER) || p.mayHave(LIMIT) || p.mayHave(OFFSET))
        || !(p.mayHave(Keywords.UNION) || p.tokens.mayHaveParenSelect())) {
      // Both findings need a UNION or a '(' directly followed by a word that starts a query.
      return null;
    }
    int n = p.size();
    byte[] codes = p.codes();
    int[] ids = p.keywordIds();
    int depth = 0;
    int[] open = new int[8];
    int top = 0;
    for (int k = 0; k < n; k++) {
      byte t = codes[k];
      if (t == LPAREN_CODE) {
        if (top > 0 && p.startsQuery(k + 1)) {
          return "a sub-select in an ORDER BY, LIMIT or OFFSET clause: an injected query";
        }
        depth++;
      } else if (t == RPAREN_CODE) {
        depth--;
        while (top > 0 && open[top - 1] > depth) {
          top--;
        }
      } else if (t == SEMICOLON_CODE) {
        top = 0;
        depth = 0;
      } else if (t == WORD_CODE && ids[k] != 0) {
        boolean starts =
            (p.isWord(k, ORDER) && p.isWord(k + 1, BY))
                || p.isWord(k, LIMIT)
                || p.isWord(k, OFFSET);
        boolean union = p.isWord(k, Keywords.UNION);
        boolean ends =
            starts
                || union
                || p.isWord(k, FOR)
                || p.isWord(k, FETCH)
                || p.isWord(k, EXCEPT)
                || p.isWord(k, INTERSECT);
        if (union && top > 0 && open[top - 1] == depth) {
          return "a UNION after ORDER BY, LIMIT or OFFSET of the same query: an injected query";
        }
        if (ends) {
          while (top > 0 && open[top - 1] >= depth) {
            top--;
          }
        }
        if (starts) {
          if (top == open.length) {
            open = java.util.Arrays.copyOf(open, top * 2);
          }
          open[top++] = depth;
        }
      }
    }
    return null;
  }

  /**
   * A call at word {@code k} that makes ten million rows or characters or more: {@code
   * generate_series} with such a bound or span ({@code 1, 10000 * 10000}, {@code -9999999,
   * 9999999}, {@code 1, 1 << 30}), {@code repeat}, {@code lpad} or {@code rpad} to such a length.
   */
  /** Per significant token index {@code j}, how many huge numbers ({@link #isHuge}) precede it. */
  private static int[] hugeNumbersBefore(ParsedSql p) {
    int n = p.size();
    int[] before = new int[n + 1];
    for (int j = 0; j < n; j++) {
      before[j + 1] = before[j] + (p.is(j, TokenType.NUMBER) && isHuge(p, j) ? 1 : 0);
    }
    return before;
  }

  private static String heavySeries(ParsedSql p, int k, int[] hugeBefore) {
    if (!p.is(k + 1, TokenType.LPAREN)) {
      return null;
    }
    boolean series =
        p.type(k) == TokenType.WORD
            ? p.end(k) - p.start(k) == 15 && p.isWord(k, "generate_series")
            : SqlNames.functionIs(p, k, "generate_series", 0);
    boolean text =
        !series
            && (SqlNames.functionIs(p, k, "repeat", 0)
                || SqlNames.functionIs(p, k, "lpad", 0)
                || SqlNames.functionIs(p, k, "rpad", 0));
    if (!series && !text) {
      return null;
    }
    int close = Predicate.matching(p, k + 1);
    if (close < 0) {
      return null;
    }
    if (series && hugeBefore[close] - hugeBefore[k + 2] > 0) {
      return "generate_series of ten million rows or more: a denial of service";
    }
    // The first three arguments, read at the top level only (a nested group is jumped over), so
    // nested calls cost no more than flat ones.
    double[] args = {Double.NaN, Double.NaN, 1};
    int arg = 0;
    int from = k + 2;
    for (int j = k + 2; j <= close && arg < 3; j++) {
      if (j == close || p.is(j, TokenType.COMMA)) {
        args[arg++] = Constant.of(p, from, j);
        from = j + 1;
      } else if (p.is(j, TokenType.LPAREN)) {
        int inner = Predicate.matching(p, j);
        if (inner < 0) {
          break;
        }
        j = inner;
      }
    }
    if (text) {
      return args[1] >= HEAVY_SERIES
          ? "a text of ten million characters or more: a denial of service"
          : null;
    }
    double step = Double.isNaN(args[2]) || args[2] == 0 ? 1 : Math.abs(args[2]);
    boolean heavy =
        Math.abs(args[0]) >= HEAVY_SERIES
            || Math.abs(args[1]) >= HEAVY_SERIES
            || Math.abs(args[1] - args[0]) / step >= HEAVY_SERIES;
    return heavy ? "generate_series of ten million rows or more: a denial of service" : null;
  }

  /**
   * The value of a constant numeric expression: numbers, numeric strings, {@code + - * / ^ <<},
   * parentheses, {@code power(a, b)} and {@code exp(a)}, casts ignored; NaN for anything else. Only
   * short expressions are read (a count nobody writes by hand is left to the literal test), so the
   * cost per call stays constant.
   */
  static final class Constant {
    private static final int MAX_TOKENS = 64;
    private final ParsedSql p;
    private final int end;
    private int at;

    private Constant(ParsedSql p, int from, int end) {
      this.p = p;
      this.at = from;
      this.end = end;
    }

    static double of(ParsedSql p, int from, int end) {
      if (end - from > MAX_TOKENS || end <= from) {
        return Double.NaN;
      }
      Constant c = new Constant(p, from, end);
      double v = c.sum();
      return c.at == end ? v : Double.NaN;
    }

    private double sum() {
      double v = product();
      while (at < end && (p.isOperator(at, "+") || p.isOperator(at, "-"))) {
        boolean plus = p.isOperator(at++, "+");
        double r = product();
        v = plus ? v + r : v - r;
      }
      return v;
    }

    private double product() {
      double v = power();
      while (at < end
          && (p.isOperator(at, "*") || p.isOperator(at, "/") || p.isOperator(at, "<<"))) {
        String op = p.text(at++);
        double r = power();
        v = op.equals("*") ? v * r : op.equals("/") ? v / r : v * Math.pow(2, r);
      }
      return v;
    }

    private double power() {
      double v = unary();
      while (at < end && p.isOperator(at, "^")) {
        at++;
        v = Math.pow(v, unary());
      }
      return v;
    }

    private double unary() {
      if (at < end && (p.isOperator(at, "-") || p.isOperator(at, "+"))) {
        boolean minus = p.isOperator(at++, "-");
        double v = unary();
        return minus ? -v : v;
      }
      double v = atom();
      while (at + 1 < end && p.is(at, TokenType.CAST)) {
        at += 2; // ::int, ::bigint
      }
      return v;
    }

    private double atom() {
      if (at >= end) {
        return Double.NaN;
      }
      TokenType t = p.type(at);
      if (t == TokenType.NUMBER) {
        return number(p, at++);
      }
      if (t == TokenType.STRING) {
        try {
          return Double.parseDouble(SqlNames.constant(p, at++).strip());
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      }
      if (t == TokenType.LPAREN) {
        at++;
        double v = sum();
        if (at < end && p.is(at, TokenType.RPAREN)) {
          at++;
          return v;
        }
        return Double.NaN;
      }
      boolean power = SqlNames.functionIs(p, at, "power", 0);
      boolean exp = !power && SqlNames.functionIs(p, at, "exp", 0);
      if ((power || exp) && p.is(at + 1, TokenType.LPAREN)) {
        at += 2;
        double a = sum();
        double b = 1;
        if (power && at < end && p.is(at, TokenType.COMMA)) {
          at++;
          b = sum();
        }
        if (at < end && p.is(at, TokenType.RPAREN)) {
          at++;
          return power ? Math.pow(a, b) : Math.exp(a);
        }
      }
      at = end + 1; // not a constant
      return Double.NaN;
    }
  }

  private static double number(ParsedSql p, int k) {
    try {
      return Double.parseDouble(p.text(k).replace("_", ""));
    } catch (NumberFormatException e) {
      return Double.NaN; // a hexadecimal or odd form: judged by isHuge alone
    }
  }

  private static boolean isHuge(ParsedSql p, int k) {
    int digits = 0;
    for (int i = p.start(k); i < p.end(k); i++) {
      char c = p.sql.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return true;
      }
      if (Character.isDigit(c) && (digits > 0 || c != '0')) {
        digits++;
      }
    }
    return digits > Long.toString(HEAVY_SERIES).length() - 1;
  }

  /** What a predicate between {@code start} and {@code end} refers to. */
  static final class Predicate {
    boolean dependsOnRow;
    boolean isNotNullTest;
    int subselects;
    int calls;

    static Predicate of(ParsedSql p, int start, int end) {
      Predicate r = new Predicate();
      for (int k = start; k < end; k++) {
        TokenType t = p.type(k);
        if (t == TokenType.LPAREN && p.startsQuery(k + 1)) {
          int close = matching(p, k);
          if (close < 0) {
            close = end;
          }
          r.subselects++;
          if (correlated(p, start, k + 1, close)) {
            r.dependsOnRow = true;
          }
          k = close;
          continue;
        }
        if (t == TokenType.WORD || t == TokenType.QUOTED_IDENT) {
          if (p.is(k + 1, TokenType.LPAREN)) {
            r.calls++;
            continue;
          }
          if (p.is(k - 1, TokenType.CAST) || isTypeAfterAs(p, k)) {
            continue;
          }
          if (p.is(k + 1, TokenType.DOT) && p.is(k + 3, TokenType.LPAREN)) {
            continue; // the schema of a call: pg_catalog.version()
          }
          String name = p.name(k);
          if (t == TokenType.QUOTED_IDENT || name == null || !NOT_COLUMNS.contains(name)) {
            r.dependsOnRow = true;
          }
        }
      }
      r.isNotNullTest =
          end - start >= 3
              && (p.isWord(end - 1, Keywords.NULL)
                      && p.isWord(end - 2, Keywords.NOT)
                      && p.isWord(end - 3, "is")
                  || matchesAnyText(p, end - 1)
                  || beyondEmptyText(p, end - 1));
      return r;
    }

    /**
     * Whether the string at {@code k} is empty and compared so that nearly every text passes:
     * {@code <> ''}, {@code != ''}, {@code > ''}, {@code >= ''}, {@code NOT LIKE ''} — what {@code
     * ' OR name <> '} becomes once the template's closing quote ends it.
     */
    private static boolean beyondEmptyText(ParsedSql p, int k) {
      if (p.type(k) != TokenType.STRING || p.end(k) - p.start(k) != 2) {
        return false;
      }
      if ((p.isWord(k - 1, Keywords.LIKE) || p.isWord(k - 1, "ilike"))
          && p.isWord(k - 2, Keywords.NOT)) {
        return true;
      }
      // The operator, also when written in two pieces ('> =').
      String op = p.is(k - 1, TokenType.OPERATOR) ? p.text(k - 1) : null;
      if (op != null && p.is(k - 2, TokenType.OPERATOR)) {
        op = p.text(k - 2) + op;
      }
      return op != null && BEYOND_EMPTY.contains(op);
    }

    private static final Set<String> BEYOND_EMPTY = Set.of("<>", "!=", ">", ">=");

    /**
     * Whether the string at {@code k} is a pattern of only {@code %} matched by LIKE, ILIKE, their
     * operators or SIMILAR TO: it matches every value that is not null ({@code name LIKE '%%'},
     * what {@code ' OR name LIKE '%} becomes in {@code LIKE '%…%'}).
     */
    private static boolean matchesAnyText(ParsedSql p, int k) {
      if (p.type(k) != TokenType.STRING || p.end(k) - p.start(k) < 3) {
        return false;
      }
      for (int i = p.start(k) + 1; i < p.end(k) - 1; i++) {
        if (p.sql.charAt(i) != '%') {
          return false;
        }
      }
      return p.isWord(k - 1, Keywords.LIKE)
          || p.isWord(k - 1, "ilike")
          || p.isOperator(k - 1, "~~")
          || p.isOperator(k - 1, "~~*")
          || (p.isWord(k - 1, Keywords.TO) && p.isWord(k - 2, "similar"));
    }

    private static boolean isTypeAfterAs(ParsedSql p, int k) {
      return p.isWord(k - 1, "as");
    }

    /**
     * Whether the sub-select between {@code from} and {@code to} refers to a name qualified by a
     * word of the outer statement ({@code o.id} where the outer query has {@code orders o}).
     */
    private static boolean correlated(ParsedSql p, int predicateStart, int from, int to) {
      java.util.Map<String, Integer> first = null;
      for (int k = from; k + 2 < to; k++) {
        if (p.type(k) == TokenType.WORD && p.is(k + 1, TokenType.DOT)) {
          if (first == null) {
            first = firstOccurrences(p, predicateStart);
          }
          if (first.containsKey(p.name(k))) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * The words before {@code end}, lower-cased: one pass, once per predicate with a sub-select.
     */
    private static java.util.Map<String, Integer> firstOccurrences(ParsedSql p, int end) {
      java.util.Map<String, Integer> first = new java.util.HashMap<>();
      for (int j = Math.max(0, end - MAX_OUTER); j < end; j++) {
        if (p.type(j) == TokenType.WORD) {
          first.putIfAbsent(p.name(j), j);
        }
      }
      return first;
    }

    /** The end of the predicate: see {@link Predicates#boundary}. */
    static int boundary(ParsedSql p, int start) {
      return Predicates.boundary(p, start);
    }

    /** The index of the {@code )} matching the {@code (} at {@code open}, or -1. */
    static int matching(ParsedSql p, int open) {
      return p.matching(open);
    }
  }
}
