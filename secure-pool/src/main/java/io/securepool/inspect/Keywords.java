package io.securepool.inspect;

/**
 * The dictionary of every word the rules, the trusted-slot logic and the session-effect classifier
 * know, each with a small integer id. The lexer looks each unquoted ASCII word up once, while
 * scanning, so that later passes compare integers and test a presence bitset instead of comparing
 * text: a rule whose trigger words are absent from a statement costs nothing. A {@link WordSet}
 * whose members are all here never compares text; a word outside the dictionary simply has id 0,
 * and a word with a non-ASCII character has id {@link #NON_ASCII}, for which lookups fall back to
 * comparing text (case-insensitively, as before, so verdicts do not depend on the dictionary).
 *
 * <p>The lookup key is the word's {@link ShapeHash} token hash, which the lexer computes anyway for
 * the shape (ASCII upper case folded to lower case); the table is open-addressed with linear
 * probing and at most a quarter full.
 */
final class Keywords {
  private Keywords() {}

  /** The id of a word with a non-ASCII character: compare its text instead. */
  static final int NON_ASCII = -1;

  private static final String[] WORDS = {
    null,
    "abs",
    "all",
    "alter",
    "and",
    "application_name",
    "array_agg",
    "authorization",
    "avg",
    "between",
    "by",
    "bytea_output",
    "call",
    "cast",
    "client_encoding",
    "client_min_messages",
    "clock_timestamp",
    "coalesce",
    "comment",
    "concat",
    "constraint_exclusion",
    "constraints",
    "copy",
    "count",
    "create",
    "current_database",
    "current_schema",
    "current_schemas",
    "current_setting",
    "current_user",
    "currval",
    "cursor_tuple_fraction",
    "date_part",
    "date_trunc",
    "datestyle",
    "declare",
    "decode",
    "default_text_search_config",
    "default_transaction_isolation",
    "default_transaction_read_only",
    "delete",
    "discard",
    "distinct",
    "do",
    "drop",
    "else",
    "enable_bitmapscan",
    "enable_hashjoin",
    "enable_indexscan",
    "enable_mergejoin",
    "enable_nestloop",
    "enable_seqscan",
    "encode",
    "end",
    "escape",
    "except",
    "execute",
    "exists",
    "extra_float_digits",
    "false",
    "fetch",
    "first",
    "for",
    "format",
    "from",
    "gen_random_uuid",
    "grant",
    "greatest",
    "group",
    "has_table_privilege",
    "having",
    "hold",
    "idle_in_transaction_session_timeout",
    "ilike",
    "in",
    "inet_server_addr",
    "inet_server_port",
    "information_schema",
    "insert",
    "intersect",
    "interval",
    "intervalstyle",
    "into",
    "is",
    "jit",
    "json_build_object",
    "jsonb_build_object",
    "lastval",
    "lc_messages",
    "lc_monetary",
    "lc_numeric",
    "lc_time",
    "least",
    "length",
    "like",
    "limit",
    "listen",
    "lo_export",
    "lo_import",
    "load",
    "local",
    "lock_timeout",
    "log_statement",
    "lower",
    "maintenance_work_mem",
    "max",
    "max_parallel_workers_per_gather",
    "md5",
    "merge",
    "min",
    "names",
    "next",
    "nextval",
    "not",
    "now",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "pg_advisory_lock",
    "pg_advisory_lock_shared",
    "pg_advisory_unlock",
    "pg_advisory_unlock_all",
    "pg_advisory_unlock_shared",
    "pg_advisory_xact_lock",
    "pg_advisory_xact_lock_shared",
    "pg_authid",
    "pg_backend_pid",
    "pg_current_xact_id",
    "pg_database",
    "pg_database_size",
    "pg_file_rename",
    "pg_file_unlink",
    "pg_file_write",
    "pg_get_serial_sequence",
    "pg_has_role",
    "pg_hba_file_rules",
    "pg_ident_file_mappings",
    "pg_is_in_recovery",
    "pg_logdir_ls",
    "pg_ls_archive_statusdir",
    "pg_ls_dir",
    "pg_ls_logdir",
    "pg_ls_tmpdir",
    "pg_ls_waldir",
    "pg_notify",
    "pg_postmaster_start_time",
    "pg_read_binary_file",
    "pg_read_file",
    "pg_relation_size",
    "pg_reload_conf",
    "pg_roles",
    "pg_rotate_logfile",
    "pg_settings",
    "pg_shadow",
    "pg_size_pretty",
    "pg_sleep",
    "pg_stat_activity",
    "pg_stat_file",
    "pg_tables",
    "pg_total_relation_size",
    "pg_try_advisory_lock",
    "pg_try_advisory_lock_shared",
    "pg_try_advisory_xact_lock",
    "pg_typeof",
    "pg_user",
    "pg_user_mapping",
    "pg_user_mappings",
    "phraseto_tsquery",
    "plainto_tsquery",
    "plan_cache_mode",
    "prepare",
    "program",
    "random",
    "random_page_cost",
    "regclass",
    "regconfig",
    "regnamespace",
    "regoper",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "replace",
    "reset",
    "returning",
    "revoke",
    "role",
    "round",
    "row_security",
    "schema",
    "search_path",
    "select",
    "session",
    "session_user",
    "set",
    "set_config",
    "setval",
    "similar",
    "standard_conforming_strings",
    "statement_timeout",
    "statement_timestamp",
    "string_agg",
    "substring",
    "sum",
    "synchronous_commit",
    "system",
    "table",
    "temp",
    "temp_buffers",
    "temporary",
    "then",
    "time",
    "timezone",
    "to",
    "to_char",
    "to_date",
    "to_number",
    "to_regclass",
    "to_timestamp",
    "to_tsquery",
    "to_tsvector",
    "transaction",
    "transaction_isolation",
    "transaction_timestamp",
    "trim",
    "true",
    "truncate",
    "txid_current",
    "uescape",
    "union",
    "unknown",
    "update",
    "upper",
    "user",
    "uuid_generate_v4",
    "values",
    "version",
    "websearch_to_tsquery",
    "when",
    "where",
    "window",
    "with",
    "work_mem",
    "zone",
  };

  private static final long[] HASHES = new long[WORDS.length];

  /** The words as character arrays, to confirm a hash match without {@code String} calls. */
  private static final char[][] CHARS = new char[WORDS.length][];

  /** The words' first blocks, see {@link #lookup(long, long, char[], int, int)}. */
  private static final long[] FIRST = new long[WORDS.length];

  private static final int BITS = 10;
  private static final int[] TABLE = new int[1 << BITS];

  static {
    for (int id = 1; id < WORDS.length; id++) {
      String word = WORDS[id];
      HASHES[id] = ShapeHash.token('W', word, false);
      CHARS[id] = word.toCharArray();
      FIRST[id] = firstBlock(CHARS[id]);
      int slot = slot(HASHES[id]);
      while (TABLE[slot] != 0) {
        if (WORDS[TABLE[slot]].equals(word)) {
          throw new ExceptionInInitializerError("duplicate keyword " + word);
        }
        slot = (slot + 1) & (TABLE.length - 1);
      }
      TABLE[slot] = id;
    }
  }

  static final int ALL = id("all");
  static final int ALTER = id("alter");
  static final int AND = id("and");
  static final int AUTHORIZATION = id("authorization");
  static final int BY = id("by");
  static final int CONSTRAINTS = id("constraints");
  static final int COPY = id("copy");
  static final int CREATE = id("create");
  static final int EXCEPT = id("except");
  static final int FALSE = id("false");
  static final int FROM = id("from");
  static final int GROUP = id("group");
  static final int HOLD = id("hold");
  static final int INTERSECT = id("intersect");
  static final int INTO = id("into");
  static final int LIKE = id("like");
  static final int LIMIT = id("limit");
  static final int LOCAL = id("local");
  static final int NEXTVAL = id("nextval");
  static final int NOT = id("not");
  static final int NULL = id("null");
  static final int OFFSET = id("offset");
  static final int OR = id("or");
  static final int ORDER = id("order");
  static final int PROGRAM = id("program");
  static final int RESET = id("reset");
  static final int ROLE = id("role");
  static final int SELECT = id("select");
  static final int SESSION = id("session");
  static final int SET = id("set");
  static final int SET_CONFIG = id("set_config");
  static final int SETVAL = id("setval");
  static final int SYSTEM = id("system");
  static final int TABLE_WORD = id("table");
  static final int TEMP = id("temp");
  static final int TEMPORARY = id("temporary");
  static final int TO = id("to");
  static final int TRANSACTION = id("transaction");
  static final int TRUE = id("true");
  static final int UNION = id("union");
  static final int UPDATE = id("update");
  static final int USER = id("user");
  static final int VALUES = id("values");
  static final int WHERE = id("where");
  static final int WITH = id("with");

  /**
   * Whether the word with this id starts a query where a sub-query may stand: {@code (SELECT …)},
   * {@code (WITH … SELECT …)}, {@code (VALUES …)}, {@code (TABLE t)} are all sub-queries.
   */
  static boolean startsQuery(int id) {
    return id == SELECT || id == WITH || id == VALUES || id == TABLE_WORD;
  }

  /** How many ids there are, plus one (id 0 is "not a keyword"). */
  static int size() {
    return WORDS.length;
  }

  /** The word with this id, in lower case. */
  static String text(int id) {
    return WORDS[id];
  }

  /** The id of a dictionary word given in lower case; fails for a word outside the dictionary. */
  static int id(String lower) {
    int id = lookup(lower, 0, lower.length());
    if (id <= 0) {
      throw new IllegalArgumentException("not in the keyword dictionary: " + lower);
    }
    return id;
  }

  /** The id of the dictionary word equal to {@code text[start, end)}, 0, or {@link #NON_ASCII}. */
  static int lookup(String text, int start, int end) {
    char[] cs = text.substring(start, end).toCharArray();
    for (char c : cs) {
      if (c >= 0x80) {
        return NON_ASCII;
      }
    }
    return lookup(ShapeHash.token('W', cs, 0, cs.length, true), firstBlock(cs), cs, 0, cs.length);
  }

  /**
   * As {@link #lookup(String, int, int)} for an ASCII word {@code text[start, end)} whose {@link
   * ShapeHash} token hash as a word (type byte {@code W}, folded to lower case) and first block
   * (its first four characters folded and packed as {@code ShapeHash} packs them) the caller
   * computed while reading it. The hash picks the slot; a match is confirmed on the text: for a
   * word of up to four characters, whose first block is all of it, by comparing the blocks.
   */
  static int lookup(long hash, long first, char[] text, int start, int end) {
    int length = end - start;
    for (int slot = slot(hash); ; slot = (slot + 1) & (TABLE.length - 1)) {
      int id = TABLE[slot];
      if (id == 0) {
        return 0;
      }
      if (HASHES[id] == hash
          && (length <= 4
              ? FIRST[id] == first && CHARS[id].length == length
              : equalsFolded(text, start, length, CHARS[id]))) {
        return id;
      }
    }
  }

  /** The first four characters, ASCII-folded, packed first in the low 16 bits. */
  private static long firstBlock(char[] word) {
    long block = 0;
    for (int i = 0; i < Math.min(4, word.length); i++) {
      block |= (long) ParsedSql.foldAscii(word[i]) << (16 * i);
    }
    return block;
  }

  private static boolean equalsFolded(char[] text, int start, int length, char[] lower) {
    if (lower.length != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (ParsedSql.foldAscii(text[start + i]) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static int slot(long hash) {
    return (int) (hash >>> (64 - BITS));
  }
}
