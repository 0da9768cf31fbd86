package io.securepool.inspect;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes the {@link SessionEffects} bits of a statement from its tokens, once, on a verdict-cache
 * miss. Each top-level statement is classified by its leading words; function calls anywhere are
 * classified by name, spelled as the server reads it ({@code "set_config"}, {@code
 * pg_catalog.set_config}), with setting names decoded from any string constant ({@code E'role'},
 * {@code U&'role'}, {@code $$role$$}). When in doubt a bit is set rather than left clear: a
 * needless reset costs one round trip, a missed one leaks state to another borrower. So a call of a
 * function not known to be free of session effects (a user function may run {@code set_config})
 * makes the statement {@link SessionEffects#UNCLASSIFIABLE}, unless the application declared it
 * harmless.
 */
final class SessionEffectClassifier {

  /** Every setting bit: what a {@code set_config} whose name is not a constant may change. */
  private static final int ANY_SETTING =
      SessionEffects.SETTING
          | SessionEffects.ROLE
          | SessionEffects.SEARCH_PATH
          | SessionEffects.APPLICATION_NAME;

  private static final Set<String> SESSION_LOCKS =
      Set.of(
          "pg_advisory_lock",
          "pg_advisory_lock_shared",
          "pg_try_advisory_lock",
          "pg_try_advisory_lock_shared");

  /**
   * Built-ins that change no session state (or whose effect is classified by name below): a call of
   * anything else makes the statement unclassifiable. The list covers what ORMs, query builders and
   * hand-written application SQL call; the measured dirty rate on those corpora is in {@code
   * docs/guards/session-reset.md}.
   */
  static final Set<String> HARMLESS_FUNCTIONS =
      names(
          // aggregates and window functions
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "array_agg",
          "string_agg",
          "bool_and",
          "bool_or",
          "every",
          "json_agg",
          "jsonb_agg",
          "json_object_agg",
          "jsonb_object_agg",
          "stddev",
          "variance",
          "percentile_cont",
          "percentile_disc",
          "mode",
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
          "grouping",
          // conditionals, casts, comparison
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "cast",
          "num_nulls",
          "num_nonnulls",
          // strings
          "lower",
          "upper",
          "length",
          "char_length",
          "character_length",
          "octet_length",
          "bit_length",
          "substring",
          "substr",
          "trim",
          "btrim",
          "ltrim",
          "rtrim",
          "replace",
          "concat",
          "concat_ws",
          "format",
          "position",
          "strpos",
          "left",
          "right",
          "lpad",
          "rpad",
          "split_part",
          "initcap",
          "repeat",
          "reverse",
          "translate",
          "overlay",
          "starts_with",
          "regexp_replace",
          "regexp_matches",
          "regexp_match",
          "regexp_split_to_array",
          "regexp_split_to_table",
          "regexp_like",
          "regexp_count",
          "regexp_substr",
          "ascii",
          "chr",
          "md5",
          "sha256",
          "sha512",
          "encode",
          "decode",
          "quote_ident",
          "quote_literal",
          "quote_nullable",
          "to_hex",
          "unaccent",
          "similarity",
          "string_to_array",
          "array_to_string",
          "convert_from",
          "convert_to",
          // numbers
          "abs",
          "round",
          "ceil",
          "ceiling",
          "floor",
          "trunc",
          "mod",
          "power",
          "sqrt",
          "cbrt",
          "exp",
          "ln",
          "log",
          "log10",
          "sign",
          "div",
          "random",
          "pi",
          "width_bucket",
          "to_number",
          "float8",
          "int4",
          "int8",
          "numeric",
          "text",
          "date",
          "gen_random_uuid",
          "uuid_generate_v4",
          "scale",
          // dates and times
          "now",
          "clock_timestamp",
          "statement_timestamp",
          "transaction_timestamp",
          "timeofday",
          "date_trunc",
          "date_part",
          "date_bin",
          "extract",
          "age",
          "make_date",
          "make_time",
          "make_timestamp",
          "make_timestamptz",
          "make_interval",
          "to_char",
          "to_date",
          "to_timestamp",
          "timezone",
          "justify_days",
          "justify_hours",
          "justify_interval",
          "isfinite",
          // json
          "to_json",
          "to_jsonb",
          "row_to_json",
          "array_to_json",
          "json_build_object",
          "jsonb_build_object",
          "json_build_array",
          "jsonb_build_array",
          "json_object",
          "jsonb_object",
          "json_extract_path",
          "json_extract_path_text",
          "jsonb_extract_path",
          "jsonb_extract_path_text",
          "jsonb_set",
          "jsonb_insert",
          "jsonb_strip_nulls",
          "jsonb_pretty",
          "json_array_length",
          "jsonb_array_length",
          "json_array_elements",
          "jsonb_array_elements",
          "json_array_elements_text",
          "jsonb_array_elements_text",
          "json_each",
          "jsonb_each",
          "json_each_text",
          "jsonb_each_text",
          "json_typeof",
          "jsonb_typeof",
          "json_object_keys",
          "jsonb_object_keys",
          "jsonb_path_query",
          "jsonb_path_exists",
          "jsonb_path_match",
          "jsonb_path_query_array",
          "jsonb_path_query_first",
          "json_populate_record",
          "jsonb_populate_record",
          "json_to_record",
          "jsonb_to_record",
          "json_to_recordset",
          "jsonb_to_recordset",
          // arrays and sets
          "array_length",
          "array_upper",
          "array_lower",
          "array_position",
          "array_positions",
          "array_remove",
          "array_replace",
          "array_append",
          "array_prepend",
          "array_cat",
          "array_dims",
          "array_ndims",
          "cardinality",
          "unnest",
          "generate_series",
          "generate_subscripts",
          // sequences (classified by name), advisory locks (classified by name)
          "nextval",
          "currval",
          "setval",
          "lastval",
          "pg_advisory_lock",
          "pg_advisory_lock_shared",
          "pg_try_advisory_lock",
          "pg_try_advisory_lock_shared",
          "pg_advisory_xact_lock",
          "pg_advisory_xact_lock_shared",
          "pg_try_advisory_xact_lock",
          "pg_try_advisory_xact_lock_shared",
          "pg_advisory_unlock",
          "pg_advisory_unlock_shared",
          "pg_advisory_unlock_all",
          "set_config",
          "setseed",
          // session and server information
          "version",
          "current_setting",
          "current_database",
          "current_catalog",
          "current_schema",
          "current_schemas",
          "current_user",
          "session_user",
          "current_role",
          "pg_backend_pid",
          "txid_current",
          "txid_current_if_assigned",
          "pg_current_xact_id",
          "pg_current_xact_id_if_assigned",
          "pg_is_in_recovery",
          "inet_server_addr",
          "inet_server_port",
          "inet_client_addr",
          "pg_postmaster_start_time",
          "pg_typeof",
          "pg_database_size",
          "pg_relation_size",
          "pg_total_relation_size",
          "pg_table_size",
          "pg_indexes_size",
          "pg_size_pretty",
          "has_table_privilege",
          "has_schema_privilege",
          "has_column_privilege",
          "has_database_privilege",
          "has_function_privilege",
          "pg_has_role",
          "pg_notify",
          "obj_description",
          "col_description",
          "format_type",
          "pg_get_serial_sequence",
          "pg_get_indexdef",
          "pg_get_constraintdef",
          "pg_get_expr",
          "pg_get_userbyid",
          "pg_table_is_visible",
          "pg_encoding_to_char",
          "to_regclass",
          "pg_column_size",
          "pg_get_keywords",
          "array_in",
          // full text search (ts_rewrite with a query and ts_stat run SQL: refused elsewhere)
          "to_tsvector",
          "to_tsquery",
          "plainto_tsquery",
          "phraseto_tsquery",
          "websearch_to_tsquery",
          "ts_rank",
          "ts_rank_cd",
          "ts_headline",
          "setweight",
          // geometry and network types often used in queries
          "host",
          "masklen",
          "network",
          "broadcast",
          "family");

  /** Words followed by {@code (} that are syntax, not a function call. */
  private static final WordSet NOT_FUNCTIONS =
      new WordSet(
          names(
              "in",
              "exists",
              "any",
              "all",
              "some",
              "values",
              "as",
              "using",
              "on",
              "and",
              "or",
              "not",
              "where",
              "select",
              "from",
              "join",
              "over",
              "filter",
              "by",
              "into",
              "table",
              "references",
              "key",
              "unique",
              "check",
              "primary",
              "foreign",
              "varchar",
              "char",
              "character",
              "varying",
              "numeric",
              "decimal",
              "timestamp",
              "timestamptz",
              "time",
              "timetz",
              "interval",
              "varbit",
              "bit",
              "float",
              "precision",
              "row",
              "array",
              "lateral",
              "distinct",
              "returning",
              "set",
              "limit",
              "offset",
              "conflict",
              "when",
              "then",
              "else",
              "between",
              "like",
              "ilike",
              "is",
              "overlaps",
              "with",
              "recursive",
              "materialized",
              "tablesample",
              "window",
              "partition",
              "order",
              "case",
              "end",
              "union",
              "intersect",
              "except",
              "nulls",
              "collate",
              "default",
              "index",
              "include",
              "constraint",
              "exclude",
              "do",
              "update",
              "insert",
              "delete",
              "cube",
              "rollup",
              "sets",
              "having",
              "group",
              "to",
              "for",
              "of",
              "only",
              "fetch",
              "rows",
              "range",
              "groups",
              "return",
              "returns",
              "if",
              "elsif",
              "loop",
              "while",
              "perform",
              "bernoulli",
              "system",
              "similar",
              "escape",
              "within",
              "at",
              "zone",
              "owned",
              "generated",
              "identity",
              "storage",
              "compression",
              "period",
              "for",
              "nowait",
              "skip",
              "locked",
              "share",
              "no",
              "action",
              "cascade",
              "restrict",
              "deferrable",
              "initially",
              "immediate",
              "deferred",
              "match",
              "full",
              "partial",
              "simple",
              "concurrently",
              "tablespace",
              "like",
              "inherits",
              "options",
              "server"));

  /**
   * Words after which an identifier followed by {@code (} names something being defined or given a
   * column list, not a call: {@code INSERT INTO t (a)}, {@code CREATE TABLE IF NOT EXISTS t (a)},
   * {@code REFERENCES t (id)}, {@code f() AS g(i)}, {@code WITH c (a) AS}, {@code CREATE FUNCTION
   * f(int)}, {@code COPY t (a)}, {@code PREPARE p (int)}, {@code WITH ORDINALITY t(a, n)}. After
   * any other word an expression may start, and PostgreSQL has many such words ({@code AT TIME
   * ZONE}, {@code SIMILAR TO}, {@code BETWEEN SYMMETRIC}, {@code FOR} and {@code PLACING} in {@code
   * substring} and {@code overlay}, {@code BOTH} in {@code trim}, {@code ROWS} in a window frame,
   * {@code FETCH FIRST}, …): a name followed by {@code (} there is a call. A word missing here
   * costs a needless reset; a word missing from a list of call contexts let a call take a lock or
   * set a tenant unseen.
   */
  private static final WordSet NOT_CALL_CONTEXT =
      new WordSet(
          names(
              "as",
              "into",
              "table",
              "exists",
              "references",
              "view",
              "function",
              "procedure",
              "aggregate",
              "routine",
              "type",
              "copy",
              "prepare",
              "with",
              "recursive",
              "ordinality",
              "statistics",
              "analyze",
              "analyse",
              "vacuum",
              "verbose"));

  private static Set<String> names(String... names) {
    return Set.copyOf(Arrays.asList(names));
  }

  private final WordSet harmless;

  /** A classifier that also treats {@code declaredHarmless} functions as free of effects. */
  SessionEffectClassifier(Collection<String> declaredHarmless) {
    Set<String> names = new TreeSet<>(HARMLESS_FUNCTIONS);
    for (String name : declaredHarmless) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    this.harmless = new WordSet(names);
    this.effectByKeyword = effectsByKeyword();
  }

  private static final SessionEffectClassifier DEFAULTS = new SessionEffectClassifier(Set.of());

  /** Classifies with the built-in list of harmless functions only. */
  static int classify(ParsedSql p) {
    return DEFAULTS.effects(p);
  }

  int effects(ParsedSql p) {
    int effects = SessionEffects.NONE;
    int stmt = 0;
    boolean createIndex = false;
    boolean mayHaveInto = p.mayHave(Keywords.INTO);
    boolean mayUpdate = p.mayHave(Keywords.UPDATE);
    boolean escapes = p.count(TokenType.JDBC_ESCAPE) > 0;
    byte[] codes = p.codes();
    int n = p.size();
    for (int k = 0; k < n; k++) {
      if (k == stmt) {
        effects |= leading(p, k);
        createIndex =
            p.isWord(k, Keywords.CREATE)
                && (p.isWord(k + 1, "index")
                    || p.isWord(k + 1, "unique") && p.isWord(k + 2, "index"));
      }
      byte t = codes[k];
      if (t == ParsedSql.SEMICOLON_CODE) {
        stmt = k + 1;
        continue;
      }
      if (escapes && t == ParsedSql.JDBC_ESCAPE_CODE && endsWithCall(p, k)) {
        effects |= SessionEffects.UNCLASSIFIABLE;
      }
      if ((t != ParsedSql.WORD_CODE && t != ParsedSql.QUOTED_IDENT_CODE) || k + 1 == n) {
        continue;
      }
      // What follows a name decides which of its three effects it can have, so each name takes
      // one comparison unless it is followed by '.', '(' or is INTO.
      byte next = codes[k + 1];
      if (mayUpdate && namesSettingsView(p, k) && updates(p)) {
        // UPDATE pg_settings runs set_config(name, value, false) through the view's rule.
        effects |=
            SessionEffects.SETTING | SessionEffects.SEARCH_PATH | SessionEffects.APPLICATION_NAME;
      }
      if (next == ParsedSql.DOT_CODE) {
        if (inTempSchema(p, k)) {
          // pg_temp.x (or pg_temp_3.x): created there, it shadows the real x for the next borrower.
          effects |= SessionEffects.TEMP_TABLE;
        }
      } else if (next == ParsedSql.LPAREN_CODE) {
        if (isCall(p, k, createIndex)) {
          effects |= call(p, k);
        }
      } else if (mayHaveInto && p.isWord(k, Keywords.INTO) && intoTemp(p, k + 1)) {
        effects |= SessionEffects.TEMP_TABLE;
      }
    }
    return effects;
  }

  /**
   * {@code SELECT … INTO [LOCAL | GLOBAL] TEMP | TEMPORARY x}, the word after INTO at {@code k}.
   */
  private static boolean intoTemp(ParsedSql p, int k) {
    int j = p.isWord(k, Keywords.LOCAL) || p.isWord(k, "global") ? k + 1 : k;
    return p.isWord(j, Keywords.TEMP) || p.isWord(j, Keywords.TEMPORARY);
  }

  private static boolean inTempSchema(ParsedSql p, int k) {
    if (p.type(k) == TokenType.WORD) {
      // The common case, without building the name: an unquoted word folds to lower case.
      return p.end(k) - p.start(k) >= 7 && p.sql.regionMatches(true, p.start(k), "pg_temp", 0, 7);
    }
    String schema = SqlNames.identifier(p, k);
    return schema != null && schema.toLowerCase(Locale.ROOT).startsWith("pg_temp");
  }

  /**
   * Whether the identifier at {@code k}, followed by {@code (}, calls a function: not a type's
   * modifier ({@code ::numeric(10,2)}, {@code varchar(20)} after a column name), a table's column
   * list ({@code INSERT INTO t (a)}, {@code REFERENCES t (id)}, {@code CREATE INDEX ON t (a)}), an
   * alias's column list ({@code f() AS g(i)}, {@code FROM f() g(i)}) or syntax ({@code IN (},
   * {@code EXISTS (}). Anywhere an expression may start it is a call: after an operator, {@code (},
   * {@code ,}, {@code [}, {@code :} (an array slice), after {@code DISTINCT ON (…)} and {@code
   * OPERATOR(…)}, and after every word but those of {@link #NOT_CALL_CONTEXT}.
   */
  private static boolean isCall(ParsedSql p, int k, boolean createIndex) {
    if (p.type(k) == TokenType.WORD && NOT_FUNCTIONS.word(p, k) != null) {
      return false;
    }
    int before = k - 1;
    if (p.is(before, TokenType.DOT)) {
      before -= 2; // schema.name(: what precedes the schema decides
    }
    TokenType prev = p.type(before);
    if (prev == null) {
      return false;
    }
    switch (prev) {
      case OPERATOR:
      case LPAREN:
      case COMMA:
      case LBRACKET:
      case COLON:
      case JDBC_ESCAPE:
        return true;
      case RPAREN:
        return expressionAfterGroup(p, before);
      case WORD:
        // CREATE INDEX … ON t USING m (col): a table's column list, not a call.
        return NOT_CALL_CONTEXT.word(p, before) == null
            && !(createIndex && (p.isWord(before, "on") || p.isWord(before, "using")));
      default:
        // A quoted identifier is never a keyword: what follows it is an alias's or a type's list.
        return false;
    }
  }

  /**
   * Whether an expression starts after the group that {@code rparen} closes: after {@code DISTINCT
   * ON (…)} and {@code OPERATOR(…)} it does; after other groups (a function's arguments, a
   * sub-select) a name followed by {@code (} is an alias's column list.
   */
  private static boolean expressionAfterGroup(ParsedSql p, int rparen) {
    int depth = 0;
    for (int j = rparen; j >= 0; j--) {
      TokenType t = p.type(j);
      if (t == TokenType.RPAREN) {
        depth++;
      } else if (t == TokenType.LPAREN && --depth == 0) {
        return p.isWord(j - 1, "operator") || p.isWord(j - 1, "on") && p.isWord(j - 2, "distinct");
      }
    }
    return false;
  }

  /** Whether the token at {@code k} names the view {@code pg_settings} (any qualification). */
  private static boolean namesSettingsView(ParsedSql p, int k) {
    if (p.type(k) == TokenType.WORD) {
      return p.end(k) - p.start(k) == 11
          && p.sql.regionMatches(true, p.start(k), "pg_settings", 0, 11);
    }
    if (p.sql.charAt(p.start(k)) == '"') {
      return p.end(k) - p.start(k) == 13 && p.sql.startsWith("\"pg_settings\"", p.start(k));
    }
    return "pg_settings".equals(SqlNames.identifier(p, k)); // U&"…"
  }

  /** Whether the statement has the word {@code UPDATE}; asked only when it names pg_settings. */
  private static boolean updates(ParsedSql p) {
    for (int j = 0; j < p.size(); j++) {
      if (p.isWord(j, "update")) {
        return true;
      }
    }
    return false;
  }

  private int call(ParsedSql p, int k) {
    int keyword = p.keyword(k);
    if (keyword > 0 && effectByKeyword != null && p.type(k) == TokenType.WORD) {
      // A dictionary word: its effect was decided once, from the same list, at construction.
      int effect = effectByKeyword[keyword];
      if (effect != DECIDED_BY_ARGUMENTS) {
        return qualifiedOutsideCatalog(p, k) ? SessionEffects.UNCLASSIFIABLE : effect;
      }
    }
    String member;
    if (p.type(k) == TokenType.WORD && p.keyword(k) >= 0) {
      // An ASCII word, the common case: its name is its text folded, which the set matches
      // without building it.
      if (qualifiedOutsideCatalog(p, k)) {
        return SessionEffects.UNCLASSIFIABLE;
      }
      member = harmless.word(p, k);
      if (member == null) {
        return SessionEffects.UNCLASSIFIABLE;
      }
    } else {
      String name = SqlNames.function(p, k);
      if (name == null || qualifiedOutsideCatalog(p, k)) {
        // Another schema's function of a built-in's name is another function.
        return SessionEffects.UNCLASSIFIABLE;
      }
      member = harmless.find(name, 0, name.length());
      if (member == null || !name.equals(member) && p.type(k) == TokenType.QUOTED_IDENT) {
        // Unknown, or a quoted name whose case differs from the built-in's: another function.
        return SessionEffects.UNCLASSIFIABLE;
      }
    }
    int effect = effectOf(member);
    return effect == DECIDED_BY_ARGUMENTS ? setConfig(p, k + 1) : effect;
  }

  /** The effect of calling a harmless-list member whose effect its arguments decide. */
  private static final int DECIDED_BY_ARGUMENTS = -1;

  /** The effect of calling the harmless-list member {@code member}. */
  private static int effectOf(String member) {
    if (SESSION_LOCKS.contains(member)) {
      return SessionEffects.ADVISORY_LOCK;
    }
    switch (member) {
      case "nextval":
      case "setval":
        return SessionEffects.SEQUENCE;
      case "set_config":
        return DECIDED_BY_ARGUMENTS;
      case "setseed":
        return SessionEffects.RANDOM_SEED;
      default:
        return SessionEffects.NONE;
    }
  }

  /**
   * Per {@link Keywords} id, the effect of calling that word unqualified or in {@code pg_catalog};
   * null when the list has a member outside ASCII, which may match a dictionary word by Unicode
   * case rules, so those calls take the general path.
   */
  private final int[] effectByKeyword;

  private int[] effectsByKeyword() {
    if (!harmless.isAscii()) {
      return null;
    }
    int[] effects = new int[Keywords.size()];
    for (int id = 1; id < effects.length; id++) {
      String word = Keywords.text(id);
      effects[id] = harmless.contains(word) ? effectOf(word) : SessionEffects.UNCLASSIFIABLE;
    }
    return effects;
  }

  private static boolean qualifiedOutsideCatalog(ParsedSql p, int k) {
    if (!p.is(k - 1, TokenType.DOT)) {
      return false;
    }
    String schema = SqlNames.identifier(p, k - 2);
    return schema == null || !schema.equals("pg_catalog");
  }

  /**
   * {@code set_config(name, value, is_local)}: when {@code is_local} is the constant {@code true},
   * what a transaction-local change leaves ({@link #localSetting}); otherwise the setting the
   * constant name names, or any setting, role included, when the name is not a constant (a bind
   * parameter, an expression).
   */
  private static int setConfig(ParsedSql p, int lparen) {
    int[] local = SqlNames.argument(p, lparen, 2);
    String name = SqlNames.constantArgument(p, lparen, 0);
    if (local != null && local[1] - local[0] == 1 && p.isWord(local[0], Keywords.TRUE)) {
      int[] value = SqlNames.argument(p, lparen, 1);
      return localSetting(
          name == null ? null : name.toLowerCase(Locale.ROOT),
          value == null
              || value[1] - value[0] != 1
              || mayNameTempSchema(SqlNames.constant(p, value[0])));
    }
    if (name == null) {
      return ANY_SETTING;
    }
    return setting(name.toLowerCase(Locale.ROOT));
  }

  private static boolean endsWithCall(ParsedSql p, int k) {
    String text = p.text(k);
    return text.regionMatches(true, text.length() - 4, "call", 0, 4);
  }

  private static final WordSet LEADING =
      new WordSet(
          Set.of(
              "set",
              "reset",
              "listen",
              "declare",
              "prepare",
              "deallocate",
              "load",
              "discard",
              "do",
              "call",
              "execute",
              "create",
              "explain"));

  private static int leading(ParsedSql p, int k) {
    String w = LEADING.word(p, k);
    if (w == null) {
      return SessionEffects.NONE;
    }
    switch (w) {
      case "set":
        return set(p, k);
      case "reset":
        if (SessionAuthRule.changesAuthorization(p, k)) {
          return SessionEffects.ROLE;
        }
        if (p.isWord(k + 1, Keywords.ALL)) {
          return SessionEffects.SETTING
              | SessionEffects.SEARCH_PATH
              | SessionEffects.APPLICATION_NAME;
        }
        return setting(settingName(p, k + 1));
      case "listen":
        return SessionEffects.LISTEN;
      case "declare":
        for (int j = k + 1; j + 1 < p.size() && !p.is(j, TokenType.SEMICOLON); j++) {
          if (p.isWord(j, Keywords.WITH) && p.isWord(j + 1, Keywords.HOLD)) {
            return SessionEffects.HOLD_CURSOR;
          }
        }
        return SessionEffects.NONE;
      case "prepare":
        return p.isWord(k + 1, Keywords.TRANSACTION)
            ? SessionEffects.NONE
            : SessionEffects.PREPARED_STATEMENT;
      case "load":
        return SessionEffects.LOAD;
      case "deallocate":
        return deallocated(p, k + 1);
      case "discard":
        return discarded(p, k + 1);
      case "do":
      case "call":
      case "execute":
        return SessionEffects.UNCLASSIFIABLE;
      case "explain":
        return explained(p, k);
      case "create":
        for (int j = k + 1; j < p.size() && j < k + 4; j++) {
          if (p.isWord(j, Keywords.TEMP) || p.isWord(j, Keywords.TEMPORARY)) {
            return SessionEffects.TEMP_TABLE;
          }
        }
        return SessionEffects.NONE;
      default:
        return SessionEffects.NONE;
    }
  }

  /**
   * {@code DEALLOCATE [PREPARE] {name | ALL}}, {@code k} after {@code DEALLOCATE}. pgjdbc names its
   * server-side statements {@code S_1}, {@code S_2}, …, with an upper-case {@code S}; an unquoted
   * name is folded to lower case, so it can never be one of them: the application drops one of its
   * own SQL-level prepared statements, and the reset deallocates those it left ({@link
   * SessionEffects#PREPARED_STATEMENT}). {@code ALL}, a quoted or {@code U&} quoted name, or
   * anything that is not one plain unquoted name may drop the driver's own, which it would go on
   * using: {@link SessionEffects#DEALLOCATE}, and the connection is retired.
   */
  private static int deallocated(ParsedSql p, int k) {
    if (p.isWord(k, "prepare") && !endsStatement(p, k + 1)) {
      k++;
    }
    if (p.is(k, TokenType.WORD) && !p.isWord(k, Keywords.ALL) && endsStatement(p, k + 1)) {
      return SessionEffects.PREPARED_STATEMENT;
    }
    return SessionEffects.DEALLOCATE;
  }

  private static boolean endsStatement(ParsedSql p, int k) {
    return k >= p.size() || p.is(k, TokenType.SEMICOLON);
  }

  /**
   * {@code DISCARD PLANS | SEQUENCES | TEMP | TEMPORARY} removes state a full reset also removes;
   * {@code DISCARD ALL} (or anything else) also deallocates the driver's server-side prepared
   * statements.
   */
  private static int discarded(ParsedSql p, int k) {
    if (p.isWord(k, "plans")
        || p.isWord(k, "sequences")
        || p.isWord(k, Keywords.TEMP)
        || p.isWord(k, Keywords.TEMPORARY)) {
      return SessionEffects.DISCARD;
    }
    return SessionEffects.DISCARD | SessionEffects.DEALLOCATE;
  }

  /**
   * {@code EXPLAIN [ANALYZE] [VERBOSE] statement} or {@code EXPLAIN (options) statement}: with
   * {@code ANALYZE} the statement runs ({@code CREATE TEMP TABLE … AS} creates the table, {@code
   * EXECUTE} runs a prepared statement), so it is classified as if it led.
   */
  private static int explained(ParsedSql p, int k) {
    int j = k + 1;
    if (p.is(j, TokenType.LPAREN)) {
      int close = p.matching(j);
      if (close < 0) {
        return SessionEffects.UNCLASSIFIABLE;
      }
      j = close + 1;
    } else {
      if (p.isWord(j, "analyze") || p.isWord(j, "analyse")) {
        j++;
      }
      if (p.isWord(j, "verbose")) {
        j++;
      }
    }
    return leading(p, j);
  }

  private static int set(ParsedSql p, int k) {
    if (SessionAuthRule.changesAuthorization(p, k)) {
      return p.isWord(k + 1, Keywords.LOCAL) ? SessionEffects.NONE : SessionEffects.ROLE;
    }
    int j = k + 1;
    if (p.isWord(j, Keywords.LOCAL)) {
      String name = settingName(p, j + 1);
      return localSetting(name, valueMayNameTempSchema(p, j + 2));
    }
    if (p.isWord(j, Keywords.TRANSACTION) || p.isWord(j, Keywords.CONSTRAINTS)) {
      return SessionEffects.NONE;
    }
    if (p.isWord(j, Keywords.SESSION)) {
      j++;
    }
    return setting(settingName(p, j));
  }

  /**
   * The setting named at {@code k}, lower-cased (the server compares setting names ignoring case,
   * quoted or not), or null when {@code k} holds no name.
   */
  static String settingName(ParsedSql p, int k) {
    String name = SqlNames.identifier(p, k);
    if (name == null) {
      return null;
    }
    StringBuilder dotted = new StringBuilder(name);
    for (int j = k + 1; p.is(j, TokenType.DOT) && SqlNames.identifier(p, j + 1) != null; j += 2) {
      dotted.append('.').append(SqlNames.identifier(p, j + 1));
    }
    return dotted.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * A setting changed for the transaction only ({@code SET LOCAL}, {@code set_config(…, true)};
   * {@code name} lower-cased, or null when it is not a constant; {@code namesTemp}: whether the new
   * value may name the temp schema): nothing is left once the transaction ends, but for two
   * settings. The seed seeds {@code random()} at once, for good. And {@code search_path}: while a
   * path that names {@code pg_temp} is in effect, an unqualified {@code CREATE} (table, view,
   * sequence, function, type, {@code SELECT … INTO}) may land in the temp schema — for {@code
   * pg_temp}, and also for {@code nosuch, pg_temp} or {@code schema_without_usage, pg_temp}, since
   * which schema is the first usable one depends on the catalog — and the object outlives the
   * transaction and shadows a real one for every later borrower. Such a path counts as a changed
   * {@code search_path}: a full reset, {@code DISCARD TEMP} included. A path that does not name
   * {@code pg_temp} never creates there (the temp schema is searched first without being named, but
   * never created in unless named), so a tenant's {@code SET LOCAL search_path = tenant_a} leaves
   * nothing.
   */
  private static int localSetting(String name, boolean namesTemp) {
    if (name == null) {
      return SessionEffects.RANDOM_SEED | SessionEffects.SETTING | SessionEffects.SEARCH_PATH;
    }
    if (isSeed(name)) {
      return SessionEffects.RANDOM_SEED;
    }
    int effect = setting(name);
    return (effect & SessionEffects.SEARCH_PATH) != 0 && namesTemp ? effect : SessionEffects.NONE;
  }

  /**
   * Whether the value of a {@code SET LOCAL} whose setting name ends before {@code from} may name
   * the temp schema: true unless it is a plain list, after one {@code =} or {@code TO}, of names
   * and single constants ({@code tenant_a}, {@code "$user", public}, {@code DEFAULT}, {@code
   * 'tenant_b'}) none of which names {@code pg_temp} ({@link #mayNameTempSchema(String)}). Each
   * item is judged whole, so anything else counts as naming it: two constants in a row (the server
   * joins {@code 'pg_'} and {@code 'temp'} when a line break separates them), an operator, a
   * parenthesis, a call, a cast, a qualified name, a parameter, an empty or unfinished list.
   */
  private static boolean valueMayNameTempSchema(ParsedSql p, int from) {
    int k = from;
    if (p.isOperator(k, "=") || p.isWord(k, Keywords.TO)) {
      k++;
    }
    boolean itemNext = true;
    for (; k < p.size() && !p.is(k, TokenType.SEMICOLON); k++) {
      if (itemNext) {
        if (itemMayNameTempSchema(p, k)) {
          return true;
        }
      } else if (!p.is(k, TokenType.COMMA)) {
        return true;
      }
      itemNext = !itemNext;
    }
    return itemNext;
  }

  /**
   * Whether the one-token item of a {@code SET} value list at {@code k} may name the temp schema.
   */
  private static boolean itemMayNameTempSchema(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.NUMBER) {
      return false;
    }
    if (t == TokenType.WORD || t == TokenType.QUOTED_IDENT) {
      return mayNameTempSchema(SqlNames.identifier(p, k));
    }
    return mayNameTempSchema(SqlNames.constant(p, k));
  }

  /**
   * Whether a decoded name or string constant ({@code U&"pg\005ftemp"}, {@code E'pg\137temp'},
   * {@code 'app, pg_temp'}) holds {@code pg_temp} in any case; null (no name, no string constant)
   * may name anything.
   */
  private static boolean mayNameTempSchema(String decoded) {
    return decoded == null || decoded.toLowerCase(Locale.ROOT).contains("pg_temp");
  }

  /**
   * Whether the setting is {@code seed}: setting it, even {@code LOCAL}, calls {@code setseed} at
   * once, and the generator's state outlives the transaction and {@code RESET ALL}.
   */
  private static boolean isSeed(String name) {
    return "seed".equals(name);
  }

  private static int setting(String name) {
    if (name == null) {
      return ANY_SETTING;
    }
    switch (name) {
      case "search_path":
      case "schema":
        return SessionEffects.SETTING | SessionEffects.SEARCH_PATH;
      case "application_name":
        return SessionEffects.SETTING | SessionEffects.APPLICATION_NAME;
      case "role":
      case "session_authorization":
        return SessionEffects.ROLE;
      case "seed":
        // RESET ALL leaves the random() generator seeded: the reset seeds it again.
        return SessionEffects.SETTING | SessionEffects.RANDOM_SEED;
      default:
        return SessionEffects.SETTING;
    }
  }
}
