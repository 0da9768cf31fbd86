package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * The per-call-site model's first-sight rule. A call site that builds statements from a template
 * sends one shape per template; a value injected into the template changes that shape in one
 * characteristic way: the tokens before one literal slot and the tokens after it stay as they were,
 * and the slot is expanded into other tokens ({@code name = 'x' OR 'a'='a'}, {@code id = 5 UNION
 * SELECT …}, {@code id IN (1, 2, 3)} where the template had two values). Or a comment opens right
 * after a literal slot and swallows the rest of the template ({@code 'admin'--' AND password = …},
 * {@code 'admin'/*' AND …}). A statement from a known call site whose new shape is such a deviation
 * from a shape the call site sent before is refused the first time it arrives.
 *
 * <p>Several input fields of one template may be expanded at once: every literal slot (or list of
 * slots) is then a wildcard, and the fixed tokens between them stay in order.
 *
 * <p>One exception keeps paging builders working: a trailing trusted slot ({@code LIMIT 20})
 * extended with further paging clauses ({@code LIMIT 20 OFFSET 40}).
 */
final class TemplateRule {
  static final String ID = SecurityRule.SQL_TEMPLATE_DEVIATION.id();
  static final String EXPANDED =
      "a literal slot of a statement this call site sent before is expanded into other tokens:"
          + " a value was injected into the SQL text; pass values as parameters";
  static final String FORGED =
      "the statement has the shape id of a statement this call site sent, but not its tokens: a"
          + " statement built to collide with a known shape";
  static final String TRUNCATED =
      "a comment opens right after a literal slot of a statement this call site sent before and"
          + " swallows the rest of it: a value was injected into the SQL text";

  private static final Set<String> PAGING =
      Set.of("offset", "limit", "rows", "row", "fetch", "first", "next", "only");

  private TemplateRule() {}

  /**
   * Where the statement deviates from the known shape: {@code {from, to}}, the significant token
   * range of the statement that replaced the literal slot (for a truncation, from the slot to the
   * end); null when it does not deviate in the injection's way.
   */
  static int[] deviation(
      ParsedSql p, int[] s, boolean[] commentAfter, KnownShape known, int[] budget) {
    int[] k = known.tokens;
    if (k == null) {
      return null;
    }
    int n = k.length;
    int m = s.length;
    int min = Math.min(n, m);
    int prefix = 0;
    while (prefix < min && s[prefix] == k[prefix]) {
      prefix++;
    }
    if (known.firstLiteral > prefix) {
      // Every deviation of a literal slot keeps the tokens before it: none can start this late.
      if (s.length > k.length && hasSetOperation(p)) {
        int[] union = insertedSetOperation(p, s, k, prefix, commonSuffix(s, k));
        if (union != null) {
          return union;
        }
      }
      int list = prefix < s.length ? keyListStart(p, prefix) : -1;
      if (list < 0
          || (selectList(p, list) && (s.length == k.length || !p.tokens.mayHaveParenSelect()))) {
        // A select list is judged only when it may hold a sub-query and the token count changed:
        // a renamed alias (the same count) is what most new shapes of a call site are, and
        // reading a suffix costs per shape.
        return editedSlot(p, s, known, prefix, -1, budget);
      }
      int[] key = expandedSortKey(p, s, k, prefix, commonSuffix(s, k));
      return key != null ? key : editedSlot(p, s, known, prefix, -1, budget);
    }
    if (commentAfter != null) {
      // A comment directly after a literal slot that the template continues beyond.
      for (int j = 0; j < prefix && j < n - 1; j++) {
        if (ModelTokens.isLiteral(k[j]) && commentAfter[j]) {
          return new int[] {j, m};
        }
      }
    }
    int suffix = commonSuffix(s, k);
    if (p.lineCommentAtEnd() && prefix < n && suffix == 0) {
      // 'admin'⏎--, or x' AND true⏎--: a line comment ends the statement after the template's
      // tokens up to a literal slot and swallows the template's rest (its end is not there),
      // wherever the comment starts.
      int slot = lastLiteral(k, Math.min(prefix, n - 1) - 1);
      if (slot >= 0 && suffix < n - 1 - slot) {
        return new int[] {slot, m};
      }
    }
    int[] swallowed = swallowedBetweenSlots(p, s, k, prefix, suffix);
    if (swallowed != null) {
      return swallowed;
    }
    int length = m - n + 1;
    for (int i = Math.max(0, n - 1 - suffix); length >= 1 && i <= Math.min(prefix, n - 1); i++) {
      if (!ModelTokens.isLiteral(k[i])) {
        continue;
      }
      if (length == 1 && (ModelTokens.isLiteral(s[i]) || ModelTokens.isPlaceholder(p, i))) {
        continue;
      }
      if (i == n - 1 && known.trusted != null && known.trusted[i] && onlyPaging(p, i + 1, m)) {
        continue;
      }
      return new int[] {i, i + length};
    }
    // A list of literal slots (an IN list) replaced as a whole by something that is no list.
    int[] slots = known.slotGroups();
    for (int g = 0; g < slots.length && slots[g] <= Math.min(prefix, n - 1); g += 2) {
      int i = slots[g];
      int j = slots[g + 1] - 1;
      if (j == i || n - 1 - j > suffix) {
        continue;
      }
      int to = m - (n - 1 - j);
      if (to > i && !isLiteralList(s, i, to)) {
        return new int[] {i, to};
      }
    }
    int[] several = severalSlots(p, s, known);
    if (several != null) {
      return several;
    }
    int[] union = hasSetOperation(p) ? insertedSetOperation(p, s, k, prefix, suffix) : null;
    if (union != null) {
      return union;
    }
    int[] key = expandedSortKey(p, s, k, prefix, suffix);
    return key != null ? key : editedSlot(p, s, known, prefix, suffix, budget);
  }

  /**
   * The known shape changed in several places, one of them at a literal slot: {@code status = 'x'
   * OR status <> 'x' ORDER BY id DESC} where the call site sent {@code status = 'NEW' ORDER BY id}
   * and lets its users pick the sort order. The checks above see one changed region and need the
   * template's tokens on both sides of it; here the statement is aligned with the template token by
   * token ({@link TokenDiff}) and each changed region is judged alone. A region is an injection
   * when it replaced literal slots by anything but as many literals or parameters, or when it added
   * tokens right before or after a literal slot, wherever among its equally short alignments the
   * region stands — except paging added after a trusted trailing slot and a sign before a number.
   * The other regions (another sort key or direction, another alias, an optional condition left
   * out) must be small: the template has {@link #MIN_TEMPLATE} tokens or more, the statement starts
   * with its first word, keeps three quarters of it and changes at most a third of it (or {@link
   * #MIN_OTHER_CHANGES} tokens) elsewhere, or it is another statement of the same call site, not
   * this template edited. Returns the statement's tokens of the first injected region; null when
   * none is.
   */
  private static int[] editedSlot(
      ParsedSql p, int[] s, KnownShape known, int prefix, int suffix, int[] budget) {
    int[] k = known.tokens;
    int n = k.length;
    int m = s.length;
    if (prefix == 0 || n < MIN_TEMPLATE) {
      return null;
    }
    if (suffix < 0) {
      // Most new shapes of a call site change an alias or a column before every literal slot of
      // the template: when the statement ends with the template's tokens from the one before its
      // first literal on, and holds no literal before them, nothing changed is a value. Decided
      // without reading the rest of the common suffix.
      int tail = n - Math.max(0, known.firstLiteral - 1);
      if (tail <= Math.min(n, m) - prefix
          && java.util.Arrays.equals(k, n - tail, n, s, m - tail, m)
          && (p.tokens.literals() == known.literals || p.nextLiteral(s, prefix) >= m - tail)) {
        // (As many literals as the template's, all in the common tail: none before it.)
        return null;
      }
      suffix = commonSuffix(s, k);
    }
    int kept = Math.max(0, Math.min(suffix, Math.min(n, m) - prefix));
    int kEnd = n - kept;
    int sEnd = m - kept;
    if (kEnd - prefix <= 1 && sEnd - prefix <= 1) {
      return null; // one token replaced at most: the checks above decided
    }
    // Edits = inserted + deleted = (sEnd - kEnd) + 2 deleted, and no more than a quarter of the
    // template may be deleted.
    int maxEdits = Math.abs(sEnd - kEnd) + n / 2 + 1;
    int least =
        kEnd - prefix + sEnd - prefix - 2 * TokenDiff.common(k, prefix, kEnd, s, prefix, sEnd);
    if (least > maxEdits) {
      return null; // too few tokens in common to be this template edited: not worth aligning
    }
    java.util.List<int[]> hunks =
        TokenDiff.hunks(k, prefix, kEnd, s, prefix, sEnd, maxEdits, budget);
    if (hunks == null || hunks.size() < 2) {
      return null; // too different to be this template, or one region: the checks above decided
    }
    int deleted = 0;
    for (int[] h : hunks) {
      deleted += h[1] - h[0];
    }
    if (4 * deleted > n) {
      return null; // more than a quarter of the template is gone: a value cannot remove it
    }
    int[] injected = null;
    int other = 0;
    for (int[] h : hunks) {
      int kLen = h[1] - h[0];
      int sLen = h[3] - h[2];
      if (injectedRegion(p, s, known, h)) {
        injected = injected != null ? injected : new int[] {h[2], h[3]};
      } else {
        other += kLen + sLen;
      }
    }
    return injected != null && other <= Math.max(MIN_OTHER_CHANGES, n / 3) ? injected : null;
  }

  /**
   * The fewest tokens a statement may change of a known shape besides the injected region and still
   * count as that template edited, whatever the template's length (at most a third of it
   * otherwise): a sort direction and key ({@code total DESC, id}), an optional condition left out
   * ({@code AND kind = ?}).
   */
  private static final int MIN_OTHER_CHANGES = 3;

  /** The fewest model tokens a known shape needs to be aligned edit by edit. */
  private static final int MIN_TEMPLATE = 8;

  /** Whether hunk {@code h} of the alignment is a value injected at a literal slot. */
  private static boolean injectedRegion(ParsedSql p, int[] s, KnownShape known, int[] h) {
    int[] k = known.tokens;
    int n = k.length;
    int kLen = h[1] - h[0];
    int sLen = h[3] - h[2];
    if (sLen == 0) {
      return false; // tokens left out (an optional filter): no value can remove template text
    }
    if (kLen > 0) {
      // Literal slots replaced by anything but as many literals or parameters.
      for (int j = h[0]; j < h[1]; j++) {
        if (!ModelTokens.isLiteral(k[j])) {
          return false;
        }
      }
      return !literalsOnly(p, s, h[2], h[3], kLen);
    }
    // Tokens added: next to a literal slot at any of the places the same insertion can stand
    // (AND x OR y inserted after AND is the same edit as x OR y AND inserted before it).
    int at = h[0];
    int from = h[2];
    int to = h[3];
    while (at > 0 && from > 0 && s[to - 1] == k[at - 1]) {
      at--;
      from--;
      to--;
    }
    boolean afterSlot = false;
    boolean beforeSlot = false;
    boolean trustedSlots = true;
    while (true) {
      if (at > 0 && ModelTokens.isLiteral(k[at - 1])) {
        afterSlot = true;
        trustedSlots &= trusted(known, at - 1);
      }
      if (at < n && ModelTokens.isLiteral(k[at])) {
        beforeSlot = true;
        trustedSlots &= trusted(known, at);
      }
      if (at < n && to < s.length && s[from] == k[at]) {
        at++;
        from++;
        to++;
      } else {
        break;
      }
    }
    if (!afterSlot && !beforeSlot) {
      return false; // tokens added between fixed tokens: a sort direction, an optional filter
    }
    if (trustedSlots && onlyPaging(p, h[2], h[3])) {
      return false; // LIMIT 20 became LIMIT 20 OFFSET 40 (aligned either way)
    }
    return !(beforeSlot
        && !afterSlot
        && sLen == 1
        && (p.isOperator(h[2], "-") || p.isOperator(h[2], "+"))); // id = 5 became id = -5
  }

  private static boolean trusted(KnownShape known, int slot) {
    return known.trusted != null && known.trusted[slot];
  }

  /** Whether the statement's tokens {@code [from, to)} are {@code count} literals or parameters. */
  private static boolean literalsOnly(ParsedSql p, int[] s, int from, int to, int count) {
    if (to - from != count) {
      return false;
    }
    for (int j = from; j < to; j++) {
      if (!ModelTokens.isLiteral(s[j]) && !ModelTokens.isPlaceholder(p, j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The alignments' work for one statement, in token steps, shared by every known shape of its call
   * site: a few milliseconds at most, whatever the statement and the shapes.
   */
  static final int EDIT_BUDGET = 1_000_000;

  /**
   * A sort or grouping key of a statement this call site sent before expanded into something else
   * than a key an application sends: {@code ORDER BY price} became {@code ORDER BY CASE WHEN …
   * END}, {@code ORDER BY price DESC, (SELECT …)}, {@code ORDER BY password_hash > ('m')}, {@code
   * ORDER BY CAST(version() || name AS int)}, or {@code GROUP BY category} became {@code GROUP BY
   * category UNION SELECT …}. A sort column cannot be a bind parameter, so services paste it into
   * the text; the injection then shows as the template with at most a few tokens of its ORDER BY or
   * GROUP BY list replaced. The keys the replacement touches must each read as a plain key ({@link
   * #plainKey}), and it may not run past the list but into paging clauses. Returns the statement's
   * tokens that replaced the template's; null otherwise.
   */
  private static int[] expandedSortKey(ParsedSql p, int[] s, int[] k, int prefix, int suffix) {
    int n = k.length;
    int m = s.length;
    int kept = Math.min(suffix, Math.min(n, m) - prefix);
    int from = prefix;
    int to = m - kept;
    if (to <= from || n - kept - prefix > MAX_SORT_KEY) {
      return null;
    }
    int list = keyListStart(p, from);
    if (list < 0) {
      return null;
    }
    boolean select = selectList(p, list);
    if (select && kept == 0) {
      // A select list's injection keeps the rest of the statement (FROM …); a statement that
      // shares only its first words with a short template is another query.
      return null;
    }
    int depth = 0;
    int key = list;
    for (int j = list; ; j++) {
      boolean end =
          j >= m
              || p.is(j, TokenType.SEMICOLON)
              || (depth == 0
                  && (p.is(j, TokenType.RPAREN)
                      || endsKeyList(p, j)
                      || (select && (p.isWord(j, Keywords.FROM) || p.isWord(j, Keywords.INTO)))));
      if (end || (depth == 0 && p.is(j, TokenType.COMMA))) {
        if (j > from && key < to && !(select ? plainItem(p, key, j) : plainKey(p, key, j))) {
          return new int[] {from, to};
        }
        if (end) {
          if (select && to > j) {
            // The template's FROM … must be what the statement kept: one that replaced it is
            // another query, not a select list with a value in it.
            return null;
          }
          return to > j && !onlyPaging(p, j, to) ? new int[] {from, to} : null;
        }
        key = j + 1;
      } else if (p.is(j, TokenType.LPAREN)) {
        depth++;
      } else if (p.is(j, TokenType.RPAREN)) {
        depth--;
      }
    }
  }

  /**
   * The most tokens of a known sort key a deviation may replace ({@code u.name ASC NULLS LAST}).
   */
  private static final int MAX_SORT_KEY = 6;

  /**
   * The first token of the ORDER BY or GROUP BY list that token {@code at} stands in, outside
   * parentheses; -1 when it stands in none.
   */
  private static int keyListStart(ParsedSql p, int at) {
    if (p.keyListAt == at) {
      return p.keyList; // every known shape of the site asks at the same place
    }
    int list = findKeyListStart(p, at);
    p.keyListAt = at;
    p.keyList = list;
    return list;
  }

  private static int findKeyListStart(ParsedSql p, int at) {
    int depth = 0;
    for (int i = Math.min(at, p.size()) - 1; i >= 0; i--) {
      if (p.is(i, TokenType.RPAREN)) {
        depth++;
      } else if (p.is(i, TokenType.LPAREN)) {
        if (--depth < 0) {
          return -1;
        }
      } else if (depth == 0 && p.isWord(i, Keywords.BY)) {
        return p.isWord(i - 1, Keywords.ORDER) || p.isWord(i - 1, Keywords.GROUP) ? i + 1 : -1;
      } else if (depth == 0 && p.isWord(i, Keywords.SELECT)) {
        return p.isWord(i + 1, "distinct") ? i + 2 : i + 1;
      } else if (depth == 0
          && (p.is(i, TokenType.SEMICOLON)
              || p.isWord(i, Keywords.FROM)
              || p.isWord(i, Keywords.WHERE)
              || p.isWord(i, Keywords.LIMIT)
              || p.isWord(i, Keywords.OFFSET)
              || p.isWord(i, Keywords.UNION))) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether the key list starting at {@code list} is a select list. */
  private static boolean selectList(ParsedSql p, int list) {
    return p.isWord(list - 1, Keywords.SELECT)
        || (p.isWord(list - 1, "distinct") && p.isWord(list - 2, Keywords.SELECT));
  }

  /**
   * Whether {@code [from, to)} reads as a select-list item an application may send from one call
   * site: anything but a sub-query. One call site of an in-house helper sends {@code SELECT
   * nextval('s')} and {@code SELECT pg_catalog.set_config(…)} alike, so a select list is held to
   * less than a sort key; a pasted column name that became a query is what it refuses.
   */
  private static boolean plainItem(ParsedSql p, int from, int to) {
    for (int i = from; i < to; i++) {
      if (p.is(i, TokenType.LPAREN) && p.startsQuery(i + 1)) {
        return false;
      }
    }
    return true;
  }

  private static final WordSet KEY_LIST_ENDS =
      new WordSet(
          Set.of(
              "limit",
              "offset",
              "for",
              "fetch",
              "union",
              "except",
              "intersect",
              "having",
              "order",
              "window"));

  private static boolean endsKeyList(ParsedSql p, int j) {
    return p.type(j) == TokenType.WORD && KEY_LIST_ENDS.word(p, j) != null;
  }

  /**
   * Whether {@code [from, to)} reads as a key an application sorts or groups by: a column ({@code
   * name}, {@code u.name}, {@code "Name"}) or a column position, or one of a few functions of
   * columns, literals or parameters ({@code lower(u.name)}, {@code coalesce(price, 0)}, {@code
   * count(*)}, {@code date_trunc('day', created_at)}), then {@code IS [NOT] NULL} or a comparison
   * with a parameter ({@code name <> ?}), a direction and {@code NULLS FIRST|LAST}. Anything else
   * (a CASE, a sub-select, a cast, another function, an operator) is no key a sort option maps to.
   */
  static boolean plainKey(ParsedSql p, int from, int to) {
    int j = operand(p, from, to);
    if (j < 0) {
      return false;
    }
    if (j < to && p.isWord(j, "is")) {
      j++;
      if (j < to && p.isWord(j, Keywords.NOT)) {
        j++;
      }
      if (!(j < to && p.isWord(j, Keywords.NULL))) {
        return false;
      }
      j++;
    } else if (j + 1 < to
        && p.is(j, TokenType.OPERATOR)
        && p.type(j + 1) != null
        && p.type(j + 1).isParameter()) {
      j += 2;
    }
    if (j < to && (p.isWord(j, "asc") || p.isWord(j, "desc"))) {
      j++;
    }
    if (j + 1 < to
        && p.isWord(j, "nulls")
        && (p.isWord(j + 1, "first") || p.isWord(j + 1, "last"))) {
      j += 2;
    }
    return j == to;
  }

  /** The end of a column, column position or plain function call at {@code j}, or -1. */
  private static int operand(ParsedSql p, int j, int to) {
    if (j >= to) {
      return -1;
    }
    if (p.is(j, TokenType.NUMBER)) {
      return j + 1;
    }
    if (p.is(j + 1, TokenType.LPAREN)) {
      String function = p.type(j) == TokenType.WORD ? p.name(j) : null;
      if (function == null || !KEY_FUNCTIONS.contains(function)) {
        return -1;
      }
      int close = p.matching(j + 1);
      if (close < 0 || close >= to) {
        return -1;
      }
      // greatest(password_hash, 'm') sorts by a comparison of each row with a constant, as
      // password_hash > 'm' would: one bit of a hidden column per request.
      boolean compares = COMPARING_FUNCTIONS.contains(function);
      for (int a = j + 2; a < close; a++) {
        TokenType t = p.type(a);
        boolean plain =
            t == TokenType.WORD && !p.is(a + 1, TokenType.LPAREN)
                || t == TokenType.QUOTED_IDENT
                || t == TokenType.DOT
                || t == TokenType.COMMA
                || (t == TokenType.NUMBER || t == TokenType.STRING) && !compares
                || t.isParameter()
                || (t == TokenType.OPERATOR && p.text(a).equals("*"));
        if (!plain) {
          return -1;
        }
      }
      return close + 1;
    }
    int end = j;
    while (end < to
        && (p.type(end) == TokenType.WORD || p.type(end) == TokenType.QUOTED_IDENT)
        && KEY_WORDS.word(p, end) == null) {
      end++;
      if (end < to && p.is(end, TokenType.DOT)) {
        end++;
      } else {
        break;
      }
    }
    return end > j && !p.is(end - 1, TokenType.DOT) ? end : -1;
  }

  /** Key functions whose value tells how a column compares with another argument. */
  private static final Set<String> COMPARING_FUNCTIONS = Set.of("greatest", "least", "nullif");

  /** Functions a sort or grouping option maps to. */
  private static final Set<String> KEY_FUNCTIONS =
      Set.of(
          "lower",
          "upper",
          "coalesce",
          "nullif",
          "length",
          "char_length",
          "abs",
          "count",
          "sum",
          "min",
          "max",
          "avg",
          "date_trunc",
          "unaccent",
          "greatest",
          "least");

  /** Words that end a key's column rather than name it. */
  private static final WordSet KEY_WORDS =
      new WordSet(Set.of("asc", "desc", "nulls", "is", "case", "select", "cast", "not", "null"));

  /**
   * Two or more input fields of one template expanded at once ({@code a = 1 OR x>0 AND b = 2 OR
   * y>0}): the statement is the known shape with its literal slots (and lists of them) as wildcards
   * of one or more tokens, and the fixed tokens between them in order. The fixed runs are found
   * leftmost, each after the one before, which finds a match whenever there is one and leaves the
   * earlier slots as short as possible; a slot that then holds anything but one literal (a list: a
   * literal list) is the injection. Linear time: each fixed run is looked for with a rolling hash
   * from where the one before ended.
   */
  private static int[] severalSlots(ParsedSql p, int[] s, KnownShape known) {
    int[] k = known.tokens;
    int n = k.length;
    int m = s.length;
    int[] slots = known.slotGroups();
    int groups = slots.length / 2;
    if (groups < 2) {
      return null;
    }
    for (int g = 1; g < groups; g++) {
      if (start(slots, g) == end(slots, g - 1)) {
        // Two slots with no fixed token between them cannot be told apart.
        return null;
      }
    }
    int head = start(slots, 0);
    int tail = n - end(slots, groups - 1);
    if (head + tail + groups > m || !sameTokens(k, 0, s, 0, head)) {
      return null;
    }
    int suffixStart = m - tail;
    if (!sameTokens(k, end(slots, groups - 1), s, suffixStart, tail)) {
      return null;
    }
    int[] from = new int[groups];
    int[] to = new int[groups];
    int at = head;
    for (int g = 0; g < groups; g++) {
      from[g] = at;
      if (g == groups - 1) {
        to[g] = suffixStart;
        break;
      }
      int fixedStart = end(slots, g);
      int fixedLength = start(slots, g + 1) - fixedStart;
      // The slot takes at least one token, and every later slot needs one too.
      int found = find(k, fixedStart, fixedLength, s, at + 1, suffixStart - (groups - 1 - g));
      if (found < 0) {
        return null;
      }
      to[g] = found;
      at = found + fixedLength;
    }
    if (to[groups - 1] <= from[groups - 1]) {
      return null;
    }
    for (int g = 0; g < groups; g++) {
      boolean list = end(slots, g) - start(slots, g) > 1;
      boolean plain =
          list
              ? isLiteralList(s, from[g], to[g])
              : to[g] - from[g] == 1
                  && (ModelTokens.isLiteral(s[from[g]]) || ModelTokens.isPlaceholder(p, from[g]));
      boolean paging =
          !list
              && end(slots, g) == n
              && known.trusted != null
              && known.trusted[start(slots, g)]
              && onlyPaging(p, from[g] + 1, to[g]);
      if (!plain && !paging) {
        return new int[] {from[g], to[g]};
      }
    }
    return null;
  }

  /** How many tokens at the end of {@code s} and {@code k} are the same. */
  private static int commonSuffix(int[] s, int[] k) {
    int min = Math.min(s.length, k.length);
    int suffix = 0;
    while (suffix < min && s[s.length - 1 - suffix] == k[k.length - 1 - suffix]) {
      suffix++;
    }
    return suffix;
  }

  /**
   * The template with tokens inserted that hold a top-level UNION, INTERSECT or EXCEPT: {@code
   * SELECT name FROM users UNION SELECT password_hash FROM users WHERE id = 5} where the call site
   * sent {@code SELECT name FROM users WHERE id = 5}, whichever name or table the value was pasted
   * in for. Returns the inserted tokens; null otherwise.
   */
  private static int[] insertedSetOperation(ParsedSql p, int[] s, int[] k, int prefix, int suffix) {
    int n = k.length;
    int m = s.length;
    if (m <= n) {
      return null;
    }
    int kept = Math.min(suffix, n - prefix);
    int to = m - kept;
    for (int i = prefix; i < to; i++) {
      if ((p.isWord(i, Keywords.UNION)
              || p.isWord(i, Keywords.INTERSECT)
              || p.isWord(i, Keywords.EXCEPT))
          && p.depth(i) == 0) {
        // At the top level only: an ORM's polymorphic query grows a UNION arm inside its FROM
        // (select … from (select … union all select …) x) as the entities it reads change.
        return new int[] {prefix, to};
      }
    }
    return null;
  }

  /** Whether the statement may hold a set operation at all: the lexer's keyword bits say. */
  private static boolean hasSetOperation(ParsedSql p) {
    return p.mayHave(Keywords.UNION) || p.mayHave(Keywords.INTERSECT) || p.mayHave(Keywords.EXCEPT);
  }

  /** The largest index up to {@code from} holding a literal slot, or -1. */
  private static int lastLiteral(int[] k, int from) {
    for (int i = from; i >= 0; i--) {
      if (ModelTokens.isLiteral(k[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Input fields of one template with the template's fixed tokens after a literal slot swallowed by
   * a string or comment the injection opened: {@code name = 'x' OR name = E'\\' AND password = ' OR
   * name = 'admin'}, {@code name = 'admin' AND true /*x' AND password = ' y*}{@code /AND 't'}, a
   * comment line in a multi-line template ({@code 'admin' AND true⏎--' AND password = 'h'⏎ORDER BY
   * id}), or between numeric fields ({@code id = 0 OR owner_id > 0 /* AND owner_id = *}{@code /}).
   * The statement keeps the template up to the literal slot and resumes it later (or not at all),
   * and between the two stands a string or comment that holds a quote, or a comment that holds the
   * template's tokens that followed the slot. Returns the statement's tokens from the slot to where
   * the template resumes; null otherwise.
   */
  private static int[] swallowedBetweenSlots(
      ParsedSql p, int[] s, int[] k, int prefix, int suffix) {
    int n = k.length;
    int m = s.length;
    int kept = Math.max(0, Math.min(suffix, Math.min(n, m) - prefix));
    int first = lastLiteral(k, Math.min(prefix, n) - 1);
    int resumes = n - kept;
    int to = m - kept;
    if (first < 0 || resumes - first < 2 || to <= first) {
      return null;
    }
    // The template's fixed tokens right after the slot (at most three, up to the next slot; also
    // when the statement's end happens to repeat them: OR status = 'x' after a swallowed
    // AND status =).
    int runEnd = first + 1;
    while (runEnd < n && runEnd < first + 4 && !ModelTokens.isLiteral(k[runEnd])) {
      runEnd++;
    }
    int[] run =
        runEnd - first > 2 ? java.util.Arrays.copyOfRange(k, first + 1, runEnd) : new int[0];
    // All the fixed tokens between this slot and the next, when there are a few: a string that
    // holds exactly them swallowed the closing quote of one field and the opening quote of the
    // next (meta->>'f1' = 'f2' with f1 ending in SQL and f2 starting with it), however short.
    int[] between =
        runEnd < n && ModelTokens.isLiteral(k[runEnd])
            ? java.util.Arrays.copyOfRange(k, first + 1, runEnd)
            : new int[0];
    int from = p.end(first);
    int until = to < m ? p.start(to) : p.sql.length();
    Tokens raw = p.tokens;
    // The strings and comments between the slot and where the template resumes, then the comments
    // after the statement's last token (a numeric field's value may be a closing */).
    int r = p.firstRawAtOrAfter(from);
    for (; r < raw.size() && raw.end(r) <= until; r++) {
      if (swallows(p, r, run, true) || holdsExactly(p, r, between)) {
        return new int[] {first, Math.max(first + 1, to)};
      }
    }
    for (r = Math.max(r, p.firstRawAtOrAfter(p.end(m - 1))); r < raw.size(); r++) {
      if (swallows(p, r, run, false)) {
        return new int[] {first, Math.max(first + 1, to)};
      }
    }
    return null;
  }

  /**
   * Whether raw token {@code r}, a string or comment, swallowed the template's text: it holds the
   * template's tokens after the slot ({@code run}), or, when {@code between} the slot and where the
   * template resumes, a quote that closed or opened a slot.
   */
  private static boolean swallows(ParsedSql p, int r, int[] run, boolean between) {
    Tokens raw = p.tokens;
    TokenType t = raw.type(r);
    if (!(t.isComment() || t.isLiteral() || t == TokenType.QUOTED_IDENT) || t == TokenType.NUMBER) {
      return false;
    }
    if (between && quoteInside(p.sql, raw.start(r), raw.end(r), t)) {
      return true;
    }
    return run.length > 0 && holdsTokens(p, r, run);
  }

  /**
   * Whether raw token {@code r} is a string whose text, read as SQL, is exactly the model tokens
   * {@code run} (not empty).
   */
  private static boolean holdsExactly(ParsedSql p, int r, int[] run) {
    TokenType t = p.tokens.type(r);
    if (run.length == 0 || !t.isLiteral() || t == TokenType.NUMBER) {
      return false;
    }
    int[] c = p.bodyTokens(r);
    return c != null && java.util.Arrays.equals(c, run);
  }

  /**
   * Whether a comment's or string's text, read as SQL, holds the model tokens {@code run} in a row:
   * {@code /* AND owner_id = *}{@code /}, {@code $$ AND owner_id = $$}. Each text is lexed once per
   * statement ({@link ParsedSql#bodyTokens}).
   */
  private static boolean holdsTokens(ParsedSql p, int r, int[] run) {
    int[] c = p.bodyTokens(r);
    if (c == null) {
      return p.tokens.type(r).isComment(); // too long to read: a comment that long swallows
    }
    for (int i = 0; i + run.length <= c.length; i++) {
      if (java.util.Arrays.equals(c, i, i + run.length, run, 0, run.length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a string's or comment's body holds a quote that closed or opened a slot: any quote in a
   * comment or a dollar-quoted string, an escaped one in {@code E'…'}. A doubled quote in a plain
   * string ({@code 'O''Brien'}) is no sign; a plain string that swallowed the template's text holds
   * its tokens ({@link #holdsTokens}).
   */
  private static boolean quoteInside(String sql, int start, int end, TokenType t) {
    int from = ParsedSql.bodyStart(sql, start, t);
    int to = ParsedSql.bodyEnd(sql, start, end, t);
    switch (t) {
      case LINE_COMMENT:
      case BLOCK_COMMENT:
      case DOLLAR_STRING:
      case QUOTED_IDENT:
        // "' AND pass = '" as an alias: a name holds any text, the template's quotes included.
        return holdsQuote(sql, from, to);
      case ESCAPE_STRING:
        for (int i = from; i < to; i++) {
          if (sql.charAt(i) == '\\') {
            if (sql.charAt(i + 1) == '\'') {
              return true;
            }
            i++;
          }
        }
        return false;
      default:
        return false;
    }
  }

  private static boolean holdsQuote(String sql, int from, int to) {
    for (int i = from; i < to; i++) {
      if (sql.charAt(i) == '\'') {
        return true;
      }
    }
    return false;
  }

  private static int start(int[] slots, int group) {
    return slots[2 * group];
  }

  private static int end(int[] slots, int group) {
    return slots[2 * group + 1];
  }

  private static boolean sameTokens(int[] a, int aFrom, int[] b, int bFrom, int length) {
    for (int i = 0; i < length; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }

  /** A random odd multiplier, so that no statement can be built to collide the rolling hash. */
  private static final long BASE = new java.security.SecureRandom().nextLong() | 1;

  /**
   * The first index {@code q} in {@code [from, end - length]} where {@code s} holds {@code k[kFrom,
   * kFrom + length)}, or -1: a rolling hash over the window, confirmed token by token.
   */
  private static int find(int[] k, int kFrom, int length, int[] s, int from, int end) {
    if (length == 0 || from + length > end) {
      return length == 0 && from <= end ? from : -1;
    }
    long target = 0;
    long window = 0;
    long top = 1;
    for (int i = 0; i < length; i++) {
      target = target * BASE + k[kFrom + i];
      window = window * BASE + s[from + i];
      if (i > 0) {
        top *= BASE;
      }
    }
    for (int q = from; ; q++) {
      if (window == target && sameTokens(k, kFrom, s, q, length)) {
        return q;
      }
      if (q + length >= end) {
        return -1;
      }
      window = (window - s[q] * top) * BASE + s[q + length];
    }
  }

  private static final int COMMA = ModelTokens.comma();

  private static boolean isLiteralList(int[] s, int from, int to) {
    for (int x = from; x < to; x++) {
      boolean ok = (x - from) % 2 == 0 ? ModelTokens.isLiteral(s[x]) : s[x] == COMMA;
      if (!ok) {
        return false;
      }
    }
    return (to - from) % 2 == 1;
  }

  private static boolean onlyPaging(ParsedSql p, int from, int to) {
    for (int j = from; j < to; j++) {
      TokenType t = p.type(j);
      if (t == TokenType.NUMBER || t == TokenType.PLACEHOLDER) {
        continue;
      }
      String name = t == TokenType.WORD ? p.name(j) : null;
      if (name == null || !PAGING.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
