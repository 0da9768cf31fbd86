package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects calls of functions, and commands, that reach beyond the database's data: the server's
 * files ({@code pg_read_file}, {@code lo_import}, {@code COPY … TO '/path'}), its programs ({@code
 * COPY … PROGRAM}), other servers ({@code dblink*}), the clock used for blind injection ({@code
 * pg_sleep*}), roles ({@code CREATE/ALTER ROLE|USER|GROUP}, {@code ALTER SYSTEM}, {@code
 * set_config('role' | 'session_authorization', …)}), and SQL text run out of the inspector's sight
 * ({@code query_to_xml} and its kin, {@code ts_stat}, {@code ts_rewrite} with a query argument,
 * {@code crosstab}): a statement inside a string could turn off {@code
 * standard_conforming_strings}, take a lock or change the role with nothing recorded. The function
 * list is configurable: an entry ending in {@code *} matches a prefix. Names match however the
 * server would accept them: unquoted in any case, quoted ({@code "pg_sleep"}), {@code U&"…"},
 * schema-qualified. Setting names given to {@code set_config} are decoded from any string constant
 * ({@code E'role'}, {@code U&'role'}, {@code $$role$$}). Dollar-quoted bodies ({@code DO $$…$$},
 * function bodies) are lexed and checked too.
 */
final class DangerousFunctionRule implements Rule {
  static final String ID = SecurityRule.SQL_DANGEROUS_FUNCTION.id();

  /** The default list; {@link InspectorSettings} adds to and removes from it. */
  static final Set<String> DEFAULT_FUNCTIONS =
      Set.of(
          "pg_sleep*",
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_ls_logdir",
          "pg_ls_waldir",
          "pg_ls_tmpdir",
          "pg_ls_archive_statusdir",
          "pg_ls_replslotdir",
          "pg_ls_logicalsnapdir",
          "pg_ls_logicalmapdir",
          "pg_stat_file",
          "pg_file_write",
          "pg_file_rename",
          "pg_file_unlink",
          "pg_file_sync",
          "pg_file_read",
          "pg_logdir_ls",
          "pg_current_logfile",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "lo_import",
          "lo_export",
          "dblink*",
          "query_to_xml",
          "query_to_xmlschema",
          "query_to_xml_and_xmlschema",
          "cursor_to_xml",
          "cursor_to_xmlschema",
          "ts_stat",
          "crosstab*",
          "table_to_xml*",
          "schema_to_xml*",
          "database_to_xml*",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_log_backend_memory_contexts",
          // Server control: never an application's SQL, whatever the login may do.
          "pg_promote",
          "pg_switch_wal",
          "pg_backup_start",
          "pg_backup_stop",
          "pg_start_backup",
          "pg_stop_backup",
          "pg_create_restore_point",
          "pg_wal_replay_pause",
          "pg_wal_replay_resume",
          "pg_create_physical_replication_slot",
          "pg_create_logical_replication_slot",
          "pg_copy_physical_replication_slot",
          "pg_copy_logical_replication_slot",
          "pg_drop_replication_slot",
          "pg_replication_slot_advance",
          "pg_logical_slot_get_changes",
          "pg_logical_slot_peek_changes",
          "pg_logical_slot_get_binary_changes",
          "pg_logical_slot_peek_binary_changes",
          "pg_replication_origin_*",
          "pg_stat_reset*");

  /**
   * Default entries whose functions read whole tables named by a string, with no sub-query to show
   * for it: one expression in any clause exfiltrates a table ({@code table_to_xml('users', …)}).
   */
  private static final Set<String> READ_WHOLE_TABLES =
      Set.of("table_to_xml*", "schema_to_xml*", "database_to_xml*");

  /** Default entries whose functions end or interrupt other sessions, the pool's own included. */
  private static final Set<String> SIGNAL_SESSIONS =
      Set.of("pg_terminate_backend", "pg_cancel_backend", "pg_log_backend_memory_contexts");

  /** Default entries whose functions run SQL text: the refusal says so. */
  private static final Set<String> RUN_SQL_TEXT =
      Set.of(
          "query_to_xml",
          "query_to_xmlschema",
          "query_to_xml_and_xmlschema",
          "cursor_to_xml",
          "cursor_to_xmlschema",
          "ts_stat",
          "crosstab*",
          "dblink*");

  private static final int MAX_BODY_DEPTH = 3;

  /** ts_rewrite's dictionary id, 0 while it is outside the dictionary. */
  private static final int TS_REWRITE = Math.max(0, Keywords.lookup("ts_rewrite", 0, 10));

  private final WordSet exact;
  private final List<String> prefixes = new ArrayList<>();

  /** Per {@link Keywords} id, the list entry that word matches (exact or by prefix), or null. */
  private final String[] entryByKeyword = new String[Keywords.size()];

  /** Whether every entry is ASCII, so a keyword's entry is decided by its id alone. */
  private final boolean asciiEntries;

  DangerousFunctionRule(Set<String> functions) {
    Set<String> names = new TreeSet<>();
    for (String f : new TreeSet<>(functions)) {
      String name = f.toLowerCase(Locale.ROOT);
      if (name.endsWith("*")) {
        prefixes.add(name.substring(0, name.length() - 1));
      } else {
        names.add(name);
      }
    }
    exact = new WordSet(names);
    boolean ascii = true;
    for (String f : functions) {
      for (int i = 0; i < f.length(); i++) {
        ascii &= f.charAt(i) < 0x80;
      }
    }
    asciiEntries = ascii;
    for (int id = 1; id < Keywords.size(); id++) {
      String word = Keywords.text(id);
      entryByKeyword[id] = names.contains(word) ? word : prefixEntry(word);
    }
  }

  private String prefixEntry(String word) {
    for (String p : prefixes) {
      if (word.startsWith(p)) {
        return p + "*";
      }
    }
    return null;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    return check(sql, 0);
  }

  private String check(ParsedSql sql, int depth) {
    byte[] codes = sql.codes();
    int n = sql.size();
    for (int k = 0; k < n; k++) {
      byte t = codes[k];
      if ((t == ParsedSql.WORD_CODE || t == ParsedSql.QUOTED_IDENT_CODE)
          && k + 1 < n
          && codes[k + 1] == ParsedSql.LPAREN_CODE) {
        String entry = listedEntry(sql, k);
        if (entry != null) {
          return "calls " + entry + ", " + why(entry);
        }
        if (SqlNames.functionIs(sql, k, "set_config", Keywords.SET_CONFIG)
            && changesRole(sql, k + 1)) {
          return "calls set_config to change the session's role";
        }
        if (SqlNames.functionIs(sql, k, "ts_rewrite", TS_REWRITE)
            && SqlNames.argumentCount(sql, k + 1) == 2) {
          return "calls ts_rewrite with a query, which runs SQL text out of the inspector's sight";
        }
      }
      if (k == 0 || codes[k - 1] == ParsedSql.SEMICOLON_CODE) {
        String command = dangerousCommand(sql, k);
        if (command != null) {
          return command;
        }
      }
      if (t == ParsedSql.DOLLAR_STRING_CODE && depth < MAX_BODY_DEPTH) {
        String body = checkBody(sql, k, depth);
        if (body != null) {
          return body;
        }
      }
    }
    return null;
  }

  private static boolean changesRole(ParsedSql sql, int lparen) {
    String setting = SqlNames.constantArgument(sql, lparen, 0);
    if (setting == null) {
      return false; // not a constant: SessionAuthRule refuses it
    }
    String lower = setting.toLowerCase(Locale.ROOT);
    return lower.equals("role") || lower.equals("session_authorization");
  }

  private String checkBody(ParsedSql sql, int k, int depth) {
    int start = sql.start(k);
    int end = sql.end(k);
    int tagLength = Lexer.scanDollarTag(sql.sql, start, end) - start;
    Tokens body = new Tokens(sql.sql, 16);
    Lexer.tokenize(sql.sql, start + tagLength, end - tagLength, body);
    return check(new ParsedSql(sql.sql, body), depth + 1);
  }

  private static String why(String entry) {
    if (RUN_SQL_TEXT.contains(entry)) {
      return "which runs SQL text out of the inspector's sight";
    }
    if (READ_WHOLE_TABLES.contains(entry)) {
      return "which reads whole tables named in a string";
    }
    if (SIGNAL_SESSIONS.contains(entry)) {
      return "which ends or cancels other sessions";
    }
    return "which reaches beyond the database's data";
  }

  /** The list entry matching the function name at {@code k}, e.g. {@code pg_sleep*}, or null. */
  private String listedEntry(ParsedSql sql, int k) {
    int keyword = sql.keyword(k);
    if (keyword > 0 && asciiEntries) {
      return entryByKeyword[keyword];
    }
    String name = exact.name(sql, k);
    if (name != null) {
      return name;
    }
    boolean quoted = sql.type(k) == TokenType.QUOTED_IDENT;
    if (quoted && sql.sql.charAt(sql.start(k)) != '"') {
      return unicodeNameEntry(SqlNames.identifier(sql, k));
    }
    int start = quoted ? sql.start(k) + 1 : sql.start(k);
    int end = quoted ? sql.end(k) - 1 : sql.end(k);
    if (end == start) {
      return prefixes.isEmpty() || !prefixes.get(0).isEmpty() ? null : "*";
    }
    char first = sql.sql.charAt(start);
    for (String p : prefixes) {
      if (end - start >= p.length()
          && (p.isEmpty() || mayStartWith(first, p.charAt(0), quoted))
          && sql.sql.regionMatches(!quoted, start, p, 0, p.length())) {
        return p + "*";
      }
    }
    return null;
  }

  /** The entry a decoded {@code U&"…"} name matches (exactly, as quoted names do), or null. */
  private String unicodeNameEntry(String name) {
    if (name == null) {
      return null;
    }
    String exactEntry = exact.find(name, 0, name.length());
    if (exactEntry != null && exactEntry.equals(name)) {
      return exactEntry;
    }
    for (String p : prefixes) {
      if (name.startsWith(p)) {
        return p + "*";
      }
    }
    return null;
  }

  /** A cheap first-character test that never rejects what {@code regionMatches} would accept. */
  private static boolean mayStartWith(char c, char prefix, boolean exactCase) {
    if (c == prefix) {
      return true;
    }
    if (exactCase || c >= 0x80 || prefix >= 0x80) {
      return !exactCase;
    }
    return ParsedSql.foldAscii(c) == ParsedSql.foldAscii(prefix);
  }

  /**
   * Judges {@code COPY} at {@code k} by its target, the only place it is judged: the first {@code
   * FROM} or {@code TO} outside parentheses names it, after the table (and its column list) or the
   * parenthesised query. A string there is a file on the server, {@code PROGRAM} a program on it
   * ({@code PROGRAM} anywhere outside parentheses is refused too); {@code STDIN}/{@code STDOUT} is
   * the client. A {@code FROM '…'} inside the query ({@code COPY (SELECT substring(code FROM 'x')
   * …) TO STDOUT}) or in a {@code WHERE} clause is not the target. The rest of the statement, the
   * query included, is checked for functions like any other.
   */
  private static String copyTarget(ParsedSql sql, int k) {
    int depth = 0;
    boolean targetSeen = false;
    for (int j = k + 1; j < sql.size(); j++) {
      TokenType t = sql.type(j);
      if (t == TokenType.SEMICOLON) {
        break;
      }
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        depth--;
      } else if (depth <= 0 && sql.isWord(j, Keywords.PROGRAM)) {
        return "COPY … PROGRAM runs a program on the database server";
      } else if (depth <= 0
          && !targetSeen
          && (sql.isWord(j, Keywords.FROM) || sql.isWord(j, Keywords.TO))) {
        targetSeen = true;
        TokenType target = sql.type(j + 1);
        if (target != null && (target.isLiteral() || target == TokenType.QUOTED_IDENT)) {
          return "COPY to or from a file on the database server";
        }
      }
    }
    return null;
  }

  private static String dangerousCommand(ParsedSql sql, int k) {
    if (sql.isWord(k, Keywords.COPY)) {
      return copyTarget(sql, k);
    }
    if (sql.isWord(k, Keywords.CREATE) || sql.isWord(k, Keywords.ALTER)) {
      if (sql.isWord(k + 1, Keywords.ROLE)
          || sql.isWord(k + 1, Keywords.USER)
          || sql.isWord(k + 1, Keywords.GROUP)) {
        return "creates or alters a role";
      }
      if (sql.isWord(k, Keywords.ALTER) && sql.isWord(k + 1, Keywords.SYSTEM)) {
        return "ALTER SYSTEM changes the server's configuration";
      }
    }
    return null;
  }
}
