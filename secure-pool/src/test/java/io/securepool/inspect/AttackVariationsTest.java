package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every attack of the corpora and payload families that the structure rules refuse at a cold call
 * site is replayed in variations that keep its meaning for PostgreSQL: comments or tabs for spaces,
 * case, schema-qualified, quoted and {@code U&"…" UESCAPE} function and catalog names, {@code UNION
 * ALL}, a trailing {@code ;}, and for a truncating comment, prose the attacker writes first or a
 * {@code ;} that closes the statement before it. Each variation must be refused too: a rule that
 * keys on one spelling of an attack is broken by the next attacker, who did not write it.
 *
 * <p>JDBC escapes count too: pgjdbc sends {@code {oj OR} 1=1} as {@code OR 1=1}.
 *
 * <p>Left out: a newline for a space (it ends a {@code --} comment, so nothing is cut off any more)
 * and MySQL's {@code ||} for {@code OR} (concatenation in PostgreSQL).
 */
class AttackVariationsTest {
  private static final String FUNCTIONS =
      "(?i)\\b(pg_sleep|pg_read_file|lo_import|dblink|query_to_xml|set_config|version"
          + "|current_setting|pg_ls_dir|generate_series)\\s*\\(";

  private static final String CATALOGS = "(?i)\\b(pg_shadow|pg_authid|pg_user)\\b";

  @Test
  void everyVariationOfARefusedAttackIsRefused() {
    Random random = new Random(7);
    List<UnaryOperator<String>> variations =
        List.of(
            s -> s.replace(" ", "/**/"),
            s -> s.replace(" ", " /* c */ "),
            s -> s.replace(" ", "\t "),
            s -> outsideQuotedNames(s, x -> x.toUpperCase(Locale.ROOT)),
            s -> outsideQuotedNames(s, x -> x.toLowerCase(Locale.ROOT)),
            s -> outsideQuotedNames(s, x -> flipCase(x, random)),
            s -> s.replaceAll(FUNCTIONS, "pg_catalog.$1("),
            s -> s.replaceAll(FUNCTIONS, "\"$1\"("),
            s -> s.replaceAll(FUNCTIONS, "$1 ("),
            s -> s.replaceAll(FUNCTIONS, "U&\"$1\" UESCAPE '!'("),
            s -> s.replaceAll(FUNCTIONS, "U&\"$1\" /* c */ UESCAPE '!' ("),
            AttackVariationsTest::outerJoinEscape,
            s -> s.replaceAll(CATALOGS, "pg_catalog.$1"),
            s -> s.replaceAll(CATALOGS, "\"$1\""),
            s -> s.replaceAll("(?i)\\bunion\\b", "UNION ALL"),
            s -> s.replace("=", " = "),
            s -> s.replaceFirst("--", "-- note "),
            s -> s.replaceFirst("--", "-- /* x */ "),
            s -> s.replaceFirst("--", ";--"),
            s -> s.replaceFirst("--", "; -- x "),
            s -> s + ";",
            s -> " " + s + " ");
    List<String> attacks = attacks();
    int refused = 0;
    Set<String> tried = new LinkedHashSet<>();
    List<String> passed = new ArrayList<>();
    for (String attack : attacks) {
      if (cold(attack).allowed()) {
        continue; // caught only with a call site's model: see InjectionFamiliesTest
      }
      refused++;
      for (UnaryOperator<String> variation : variations) {
        String variant = variation.apply(attack);
        if (!variant.equals(attack)
            && tried.add(variant)
            && !leftUntranslated(variant)
            && cold(variant).allowed()) {
          passed.add(variant);
        }
      }
    }
    assertThat(refused).isGreaterThan(200);
    assertThat(tried.size()).isGreaterThan(2500);
    assertThat(passed).as("variations of refused attacks that passed").isEmpty();
  }

  /**
   * {@code change} applied to the text outside double quotes: a quoted name keeps its case, as the
   * server compares it exactly ({@code U&"PG_READ_FILE"} names no function).
   */
  private static String outsideQuotedNames(String sql, UnaryOperator<String> change) {
    StringBuilder out = new StringBuilder(sql.length());
    int at = 0;
    while (at < sql.length()) {
      int open = sql.indexOf('"', at);
      int close = open < 0 ? -1 : sql.indexOf('"', open + 1);
      if (close < 0) {
        out.append(change.apply(sql.substring(at)));
        break;
      }
      out.append(change.apply(sql.substring(at, open))).append(sql, open, close + 1);
      at = close + 1;
    }
    return out.toString();
  }

  /**
   * Whether pgjdbc leaves an outer-join escape of the variant as written ({@code {oj/**}{@code /OR}}
   * is not one to it): the server then refuses the {@code {}, so the variant is no attack.
   */
  private static boolean leftUntranslated(String sql) {
    return JdbcEscapes.asSent(sql).contains("{oj");
  }

  /** The first OR, UNION or AND before any comment wrapped as {@code {oj OR}}. */
  private static String outerJoinEscape(String sql) {
    int comment = sql.indexOf("--");
    int end = comment < 0 ? sql.length() : comment;
    return sql.substring(0, end).replaceFirst("(?i) (or|union|and) ", " {oj $1} ")
        + sql.substring(end);
  }

  private static Verdict cold(String sql) {
    return StatementInspector.create(InspectorSettings.defaults())
        .inspect(sql, StatementKind.PLAIN, "com.example.Cold.site:1");
  }

  private static String flipCase(String s, Random random) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** The attack lines of the corpora, and every payload family in its template. */
  private static List<String> attacks() {
    List<String> attacks = new ArrayList<>(Corpora.attackLines());
    for (Corpora.Family f : Corpora.families()) {
      attacks.add(f.attack());
    }
    return attacks;
  }
}
