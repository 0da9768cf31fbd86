package io.securepool.inspect;

import java.util.Set;

/**
 * Decides which literals are names or constants of hand-written SQL in disguise rather than values,
 * so that neither the variance rule nor the strict policy counts them: {@code nextval('seq')},
 * {@code 'x'::regclass}, {@code to_char(d, 'YYYY-MM')}, {@code LIMIT 50}, {@code interval '1
 * hour'}, {@code AT TIME ZONE 'UTC'}, {@code ESCAPE '\'}, json keys after {@code ->>}, {@code ORDER
 * BY 2}, {@code SET statement_timeout = '5s'} for a known setting, and every literal of a DDL
 * statement or a {@code DO} block. A value that an application could take from a user stays
 * untrusted: a tenant id set through a custom setting, a status compared in a WHERE clause.
 */
final class TrustedSlots {
  private TrustedSlots() {}

  /** Per token type ordinal, whether the type is a literal. */
  private static final boolean[] LITERAL_CODES = new boolean[TokenType.values().length];

  static {
    for (TokenType t : TokenType.values()) {
      LITERAL_CODES[t.ordinal()] = t.isLiteral();
    }
  }

  private static final WordSet DDL =
      new WordSet(
          Set.of("create", "alter", "drop", "comment", "grant", "revoke", "do", "truncate"));

  private static final WordSet AFTER_WORD =
      new WordSet(
          Set.of(
              "limit", "offset", "first", "next", "interval", "escape", "zone", "by", "uescape"));

  private static final Set<String> NAME_OPERATORS =
      Set.of("->", "->>", "#>", "#>>", "??", "??|", "??&");

  private static final WordSet REG_TYPES =
      new WordSet(
          Set.of(
              "regclass",
              "regproc",
              "regprocedure",
              "regtype",
              "regnamespace",
              "regrole",
              "regoper",
              "regconfig"));

  private static final WordSet FIRST_ARG_NAME =
      new WordSet(
          Set.of(
              "nextval",
              "currval",
              "setval",
              "set_config",
              "current_setting",
              "format",
              "date_trunc",
              "date_part",
              "to_regclass",
              "to_tsvector",
              "to_tsquery",
              "plainto_tsquery",
              "phraseto_tsquery",
              "websearch_to_tsquery",
              "has_table_privilege",
              "pg_get_serial_sequence",
              "pg_notify"));

  private static final WordSet SECOND_ARG_NAME =
      new WordSet(
          Set.of(
              "to_char",
              "to_date",
              "to_timestamp",
              "to_number",
              "pg_get_serial_sequence",
              "has_table_privilege"));

  private static final WordSet OBJECT_KEYS =
      new WordSet(Set.of("json_build_object", "jsonb_build_object"));

  /** Settings whose {@code SET} values are configuration, not data. */
  static final WordSet KNOWN_SETTINGS =
      new WordSet(
          Set.of(
              "search_path",
              "timezone",
              "time",
              "datestyle",
              "intervalstyle",
              "statement_timeout",
              "lock_timeout",
              "idle_in_transaction_session_timeout",
              "application_name",
              "client_encoding",
              "extra_float_digits",
              "work_mem",
              "maintenance_work_mem",
              "default_transaction_isolation",
              "transaction_isolation",
              "default_transaction_read_only",
              "standard_conforming_strings",
              "bytea_output",
              "client_min_messages",
              "jit",
              "random_page_cost",
              "enable_seqscan",
              "enable_nestloop",
              "enable_hashjoin",
              "enable_mergejoin",
              "enable_indexscan",
              "enable_bitmapscan",
              "synchronous_commit",
              "constraint_exclusion",
              "default_text_search_config",
              "temp_buffers",
              "lc_messages",
              "lc_monetary",
              "lc_numeric",
              "lc_time",
              "plan_cache_mode",
              "row_security",
              "schema",
              "names",
              "log_statement",
              "cursor_tuple_fraction",
              "max_parallel_workers_per_gather"));

  /**
   * Returns, per significant token, whether it is a literal that counts as a value. {@code null}
   * when the statement has none, the common case for parameterised SQL.
   */
  static boolean[] untrusted(ParsedSql p) {
    if (p.tokens.literals() == 0 || (p.count(TokenType.SEMICOLON) == 0 && allTrustedAlone(p))) {
      return null;
    }
    boolean[] result = null;
    int stmt = 0;
    boolean trustAll = false;
    boolean setStatement = false;
    byte[] codes = p.codes();
    int n = p.size();
    // Per open parenthesis or bracket on the way to token k: its index and how many commas at its
    // depth precede k. One pass keeps the argument position of every literal, so a literal list
    // of any length costs time linear in its length.
    int[] open = new int[16];
    int[] commas = new int[16];
    int depth = 0;
    for (int k = 0; k < n; k++) {
      if (k == stmt) {
        trustAll = isDdl(p, k);
        setStatement = isKnownSet(p, k);
      }
      byte code = codes[k];
      if (code == ParsedSql.SEMICOLON_CODE) {
        stmt = k + 1;
        depth = 0;
        continue;
      }
      if (code == ParsedSql.LPAREN_CODE || code == LBRACKET_CODE) {
        if (depth == open.length) {
          open = java.util.Arrays.copyOf(open, depth * 2);
          commas = java.util.Arrays.copyOf(commas, depth * 2);
        }
        open[depth] = k;
        commas[depth] = 0;
        depth++;
        continue;
      }
      if (code == ParsedSql.RPAREN_CODE || code == RBRACKET_CODE) {
        if (depth > 0) {
          depth--;
        }
        continue;
      }
      if (code == COMMA_CODE) {
        if (depth > 0) {
          commas[depth - 1]++;
        }
        continue;
      }
      if (!LITERAL_CODES[code] || trustAll || setStatement) {
        continue;
      }
      int opener = depth > 0 ? open[depth - 1] : -1;
      int argIndex = depth > 0 ? commas[depth - 1] : 0;
      if (isTrusted(p, k, opener, argIndex)) {
        continue;
      }
      if (result == null) {
        result = new boolean[p.size()];
      }
      result[k] = true;
    }
    return result;
  }

  /**
   * Whether the single statement's every literal is trusted without knowing the call around it: a
   * DDL or known {@code SET} statement, or a word, operator or cast next to each literal. Most
   * statements with constants ({@code LIMIT 50}) are decided here, without the pass that tracks
   * parentheses and argument positions.
   */
  private static boolean allTrustedAlone(ParsedSql p) {
    if (isDdl(p, 0) || isKnownSet(p, 0)) {
      return true;
    }
    byte[] codes = p.codes();
    int n = p.size();
    for (int k = 0; k < n; k++) {
      if (LITERAL_CODES[codes[k]] && !trustedByNeighbours(p, k)) {
        return false;
      }
    }
    return true;
  }

  /** The literal at {@code k} is a name or a constant by what stands next to it. */
  private static boolean trustedByNeighbours(ParsedSql p, int k) {
    int prev = k - 1;
    if (AFTER_WORD.word(p, prev) != null) {
      return true;
    }
    if (p.type(prev) == TokenType.OPERATOR && NAME_OPERATORS.contains(p.text(prev))) {
      return true;
    }
    return p.is(k + 1, TokenType.CAST) && REG_TYPES.word(p, k + 2) != null;
  }

  private static final byte LBRACKET_CODE = (byte) TokenType.LBRACKET.ordinal();
  private static final byte RBRACKET_CODE = (byte) TokenType.RBRACKET.ordinal();
  private static final byte COMMA_CODE = (byte) TokenType.COMMA.ordinal();

  static boolean isDdl(ParsedSql p, int k) {
    return DDL.word(p, k) != null;
  }

  /** {@code SET [SESSION|LOCAL] <known setting> …}, {@code SET TIME ZONE …}, {@code RESET …}. */
  static boolean isKnownSet(ParsedSql p, int k) {
    if (!p.isWord(k, Keywords.SET)) {
      return false;
    }
    int j = k + 1;
    if (p.isWord(j, Keywords.SESSION) || p.isWord(j, Keywords.LOCAL)) {
      j++;
    }
    return KNOWN_SETTINGS.name(p, j) != null && !p.is(j + 1, TokenType.DOT);
  }

  /**
   * Whether the literal at {@code k} is in a trusted slot; {@code opener} is the innermost open
   * parenthesis or bracket around it (-1 when none) and {@code argIndex} how many commas at that
   * depth precede it.
   */
  static boolean isTrusted(ParsedSql p, int k, int opener, int argIndex) {
    if (trustedByNeighbours(p, k)) {
      return true;
    }
    TokenType pt = p.type(k - 1);
    if ((pt == TokenType.LPAREN || pt == TokenType.COMMA)
        && opener > 0
        && p.is(opener, TokenType.LPAREN)
        && p.type(opener - 1) == TokenType.WORD) {
      int j = opener;
      return (argIndex == 0 && FIRST_ARG_NAME.word(p, j - 1) != null)
          || (argIndex == 1 && SECOND_ARG_NAME.word(p, j - 1) != null)
          || (argIndex % 2 == 0 && OBJECT_KEYS.word(p, j - 1) != null);
    }
    return false;
  }
}
