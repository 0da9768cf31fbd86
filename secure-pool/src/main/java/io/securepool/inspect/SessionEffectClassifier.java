package io.securepool.inspect;

import java.util.Set;

/**
 * Computes the {@link SessionEffects} bits of a statement from its tokens, once, on a verdict-cache
 * miss. Each top-level statement is classified by its leading words; function calls anywhere are
 * classified by name. When in doubt a bit is set rather than left clear: a needless reset costs one
 * round trip, a missed one leaks state to another borrower.
 */
final class SessionEffectClassifier {
  private SessionEffectClassifier() {}

  private static final WordSet SESSION_LOCKS =
      new WordSet(
          Set.of(
              "pg_advisory_lock",
              "pg_advisory_lock_shared",
              "pg_try_advisory_lock",
              "pg_try_advisory_lock_shared"));

  /** Built-ins a bare {@code SELECT f(…)} may call without making the statement unclassifiable. */
  private static final WordSet KNOWN_FUNCTIONS =
      new WordSet(
          Set.of(
              "now",
              "version",
              "current_setting",
              "current_user",
              "current_database",
              "current_schema",
              "current_schemas",
              "session_user",
              "pg_backend_pid",
              "txid_current",
              "pg_current_xact_id",
              "count",
              "coalesce",
              "lower",
              "upper",
              "length",
              "nextval",
              "currval",
              "setval",
              "lastval",
              "set_config",
              "pg_advisory_lock",
              "pg_advisory_lock_shared",
              "pg_try_advisory_lock",
              "pg_try_advisory_lock_shared",
              "pg_advisory_xact_lock",
              "pg_advisory_xact_lock_shared",
              "pg_try_advisory_xact_lock",
              "pg_advisory_unlock",
              "pg_advisory_unlock_shared",
              "pg_advisory_unlock_all",
              "pg_notify",
              "gen_random_uuid",
              "uuid_generate_v4",
              "random",
              "clock_timestamp",
              "statement_timestamp",
              "transaction_timestamp",
              "pg_is_in_recovery",
              "inet_server_addr",
              "to_char",
              "to_date",
              "to_timestamp",
              "date_trunc",
              "concat",
              "format",
              "greatest",
              "least",
              "abs",
              "round",
              "md5",
              "encode",
              "decode",
              "pg_database_size",
              "pg_relation_size",
              "pg_total_relation_size",
              "pg_size_pretty",
              "has_table_privilege",
              "pg_has_role",
              "pg_postmaster_start_time",
              "pg_sleep",
              "cast",
              "exists",
              "max",
              "min",
              "sum",
              "avg",
              "array_agg",
              "string_agg",
              "substring",
              "trim",
              "replace",
              "pg_typeof"));

  private static final WordSet LEADING =
      new WordSet(
          Set.of(
              "set", "reset", "listen", "declare", "prepare", "load", "discard", "do", "call",
              "execute", "create"));

  static int classify(ParsedSql p) {
    int effects = SessionEffects.NONE;
    boolean hasFrom = false;
    int unknownCalls = 0;
    int stmt = 0;
    boolean effectCalls =
        SESSION_LOCKS.mayOccurIn(p)
            || p.mayHave(Keywords.NEXTVAL)
            || p.mayHave(Keywords.SETVAL)
            || p.mayHave(Keywords.SET_CONFIG);
    byte[] codes = p.codes();
    int n = p.size();
    for (int k = 0; k < n; k++) {
      if (k == stmt) {
        effects |= leading(p, k);
        hasFrom = false;
        unknownCalls = 0;
      }
      byte t = codes[k];
      if (t == ParsedSql.SEMICOLON_CODE) {
        effects |= bareSelect(p, stmt, hasFrom, unknownCalls);
        stmt = k + 1;
        continue;
      }
      if (t == ParsedSql.JDBC_ESCAPE_CODE && endsWithCall(p, k)) {
        effects |= SessionEffects.UNCLASSIFIABLE;
      }
      if (t != ParsedSql.WORD_CODE) {
        continue;
      }
      if (p.isWord(k, Keywords.FROM)) {
        hasFrom = true;
      } else if (p.isWord(k, Keywords.INTO)
          && (p.isWord(k + 1, Keywords.TEMP) || p.isWord(k + 1, Keywords.TEMPORARY))) {
        effects |= SessionEffects.TEMP_TABLE;
      } else if (k + 1 < n
          && codes[k + 1] == ParsedSql.LPAREN_CODE
          && (k == 0 || codes[k - 1] != ParsedSql.CAST_CODE)) {
        if (effectCalls) {
          effects |= function(p, k);
        }
        if (KNOWN_FUNCTIONS.word(p, k) == null) {
          unknownCalls++;
        }
      }
    }
    return effects | bareSelect(p, stmt, hasFrom, unknownCalls);
  }

  private static boolean endsWithCall(ParsedSql p, int k) {
    String text = p.text(k);
    return text.regionMatches(true, text.length() - 4, "call", 0, 4);
  }

  private static int bareSelect(ParsedSql p, int stmt, boolean hasFrom, int unknownCalls) {
    return p.isWord(stmt, Keywords.SELECT) && !hasFrom && unknownCalls > 0
        ? SessionEffects.UNCLASSIFIABLE
        : SessionEffects.NONE;
  }

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
        return setting(p.name(k + 1));
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
      case "discard":
        return SessionEffects.DISCARD;
      case "do":
      case "call":
      case "execute":
        return SessionEffects.UNCLASSIFIABLE;
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

  private static int set(ParsedSql p, int k) {
    if (SessionAuthRule.changesAuthorization(p, k)) {
      return p.isWord(k + 1, Keywords.LOCAL) ? SessionEffects.NONE : SessionEffects.ROLE;
    }
    int j = k + 1;
    if (p.isWord(j, Keywords.LOCAL)
        || p.isWord(j, Keywords.TRANSACTION)
        || p.isWord(j, Keywords.CONSTRAINTS)) {
      return SessionEffects.NONE;
    }
    if (p.isWord(j, Keywords.SESSION)) {
      j++;
    }
    return setting(p.name(j));
  }

  private static int setting(String name) {
    if (name == null) {
      return SessionEffects.SETTING;
    }
    switch (name) {
      case "search_path":
      case "schema":
        return SessionEffects.SETTING | SessionEffects.SEARCH_PATH;
      case "application_name":
        return SessionEffects.SETTING | SessionEffects.APPLICATION_NAME;
      case "role":
        return SessionEffects.ROLE;
      default:
        return SessionEffects.SETTING;
    }
  }

  private static int function(ParsedSql p, int k) {
    if (SESSION_LOCKS.word(p, k) != null) {
      return SessionEffects.ADVISORY_LOCK;
    }
    if (p.isWord(k, Keywords.NEXTVAL) || p.isWord(k, Keywords.SETVAL)) {
      return SessionEffects.SEQUENCE;
    }
    if (p.isWord(k, Keywords.SET_CONFIG)) {
      if (isLocalSetConfig(p, k + 1)) {
        return SessionEffects.NONE;
      }
      if (p.isStringLiteral(k + 2, "role") || p.isStringLiteral(k + 2, "session_authorization")) {
        return SessionEffects.ROLE;
      }
      if (p.isStringLiteral(k + 2, "search_path")) {
        return SessionEffects.SETTING | SessionEffects.SEARCH_PATH;
      }
      if (p.isStringLiteral(k + 2, "application_name")) {
        return SessionEffects.SETTING | SessionEffects.APPLICATION_NAME;
      }
      return SessionEffects.SETTING;
    }
    return SessionEffects.NONE;
  }

  /**
   * Whether the third argument of the call opening at {@code lparen} is the keyword {@code true}.
   */
  private static boolean isLocalSetConfig(ParsedSql p, int lparen) {
    int depth = 0;
    int commas = 0;
    for (int j = lparen + 1; j < p.size(); j++) {
      TokenType t = p.type(j);
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        if (depth == 0) {
          return false;
        }
        depth--;
      } else if (t == TokenType.COMMA && depth == 0) {
        commas++;
        if (commas == 2) {
          return p.isWord(j + 1, Keywords.TRUE) && p.is(j + 2, TokenType.RPAREN);
        }
      }
    }
    return false;
  }
}
