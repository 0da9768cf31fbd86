package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Legitimate SQL that earlier versions refused at first sight, with variations, next to the attacks
 * of the same look that must stay refused: at a cold call site (first sight), at a warm one (the
 * template sent once with a harmless value) and at a modelled one.
 */
class FalseRefusalTest {
  static final String COLD = "com.example.ReportDao.cold:10";

  static StatementInspector enforce() {
    return StatementInspector.create(InspectorSettings.defaults());
  }

  static Verdict cold(String sql) {
    return enforce().inspect(sql, COLD);
  }

  // --- an empty string compared by the application, then OR ---------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        // The session fingerprint's own query: '' OR (…) inside a sub-select.
        "SELECT (SELECT string_agg(name || '=' || coalesce(setting, ''), E'\\n' ORDER BY name)"
            + " FROM pg_settings WHERE NOT (name LIKE '%.%' AND (coalesce(setting, '') = ''"
            + " OR (source = 'default' AND setting IS NOT DISTINCT FROM boot_val)))),"
            + " current_user::text, (SELECT coalesce(string_agg(relkind::text || ':' || relname,"
            + " ',' ORDER BY relname), '') FROM pg_class WHERE relnamespace = pg_my_temp_schema())",
        "SELECT * FROM customer WHERE email = '' OR email IS NULL",
        "SELECT * FROM customer WHERE (coalesce(email, '') = '' OR email IS NULL) AND region = 'EU'",
        "SELECT * FROM customer WHERE nickname = '' OR (kind = 'guest' AND created < now())",
        "SELECT count(*) FILTER (WHERE note = '' OR note IS NULL) FROM ticket WHERE state = 'open'",
        "UPDATE customer SET email = NULL WHERE email = '' OR email IS NULL",
        "SELECT id FROM t WHERE a = '' OR b IS NULL ORDER BY id LIMIT 10",
        "SELECT CASE WHEN a = '' OR a IS NULL THEN 'none' ELSE a END FROM t WHERE kind = 'x'",
        "SELECT * FROM t WHERE (a = E'' OR a IS NULL) AND k = 'v'"
      })
  void allowsAnEmptyStringComparedByTheApplicationBeforeOr(String sql) {
    Verdict v = cold(sql);
    assertThat(v.allowed()).as(v.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "' OR username LIKE '%",
        "' OR name = 'admin",
        "' OR (role = 'admin') OR name = '",
        "' OR name IS NULL --",
        "' OR name IS NULL /*",
        "') OR (name LIKE '%",
        "' OR name ~ '.*",
        "' OR name <> 'nobody"
      })
  void refusesAnInjectedOrAfterAnEmptyValueAtEverySite(String payload) {
    String tpl = "SELECT id FROM users WHERE (username = '%s') AND active = true";
    String attack = String.format(tpl, payload);
    // cold: first sight
    assertThat(cold(attack).allowed()).as("cold " + attack).isFalse();
    // warm: the template sent once with a harmless value
    StatementInspector warm = enforce();
    assertThat(warm.inspect(String.format(tpl, "alice"), COLD).allowed()).isTrue();
    assertThat(warm.inspect(attack, COLD).allowed()).as("warm " + attack).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x' OR name LIKE '%",
        "x' OR name IS NULL OR name = '",
        "' OR name IS NULL OR name = '",
        "x') OR (name LIKE 'a%"
      })
  void refusesOrExpansionsAtWarmAndModelledSites(String payload) {
    String tpl = "SELECT id FROM users WHERE (username = '%s') AND active = true";
    StatementInspector warm = enforce();
    assertThat(warm.inspect(String.format(tpl, "alice"), COLD).allowed()).isTrue();
    assertThat(warm.inspect(String.format(tpl, payload), COLD).allowed()).as(payload).isFalse();
  }

  // --- COPY judged by its target, in one place ------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY (SELECT substring(code FROM '[0-9]+') FROM item) TO STDOUT",
        "COPY (SELECT substring(code FROM '^x') AS c FROM item WHERE kind = 'a') TO STDOUT"
            + " WITH (FORMAT csv, HEADER)",
        "COPY item (id, code) FROM STDIN",
        "COPY item FROM STDIN WHERE code IS DISTINCT FROM 'x'",
        "COPY item TO STDOUT WITH CSV DELIMITER ','"
      })
  void allowsCopyToOrFromTheClient(String sql) {
    Verdict v = cold(sql);
    assertThat(v.allowed()).as(v.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY (SELECT substring(code FROM 'x'), pg_sleep(5) FROM item) TO STDOUT",
        "COPY (SELECT substring(code FROM 'x') FROM item WHERE pg_sleep(5) IS NULL) TO STDOUT",
        "COPY (SELECT pg_read_file('/etc/passwd')) TO STDOUT",
        "COPY (SELECT substring(code FROM 'x') FROM item) TO '/tmp/out'",
        "COPY (SELECT substring(code FROM 'x') FROM item) TO PROGRAM 'sh'",
        "COPY item FROM '/etc/passwd'",
        "COPY item FROM E'/etc/passwd'",
        "COPY item FROM $$/etc/passwd$$",
        "COPY item (id) FROM PROGRAM 'id'",
        "COPY item TO STDOUT WHERE pg_sleep(1) IS NULL",
        "COPY item FROM STDIN WHERE dblink_exec('x', 'y') IS NULL",
        "copy (select 1) to '/tmp/x'",
        "DO $$BEGIN EXECUTE 'x'; COPY item TO '/tmp/x'; END$$"
      })
  void refusesCopyThatReachesTheServerOrCallsADangerousFunction(String sql) {
    assertThat(cold(sql).allowed()).as(sql).isFalse();
  }

  // --- version, information_schema, comments, Hibernate's 1=1 ---------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select p.id, p.version, 'Book' as kind from book p where p.state = 'ACTIVE'"
            + " union all select m.id, m.version, 'Film' from film m where m.state = 'ACTIVE'",
        "select id, version from book where isbn = '978' union select id, version from film",
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            + " UNION SELECT table_name FROM information_schema.views WHERE table_schema = 'public'",
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"
            + " UNION ALL SELECT 'id'",
        "select b.id from book b where (b.title=? or 1=1) and b.state = 'A'",
        "SELECT balance -- customer's balance\n FROM account WHERE owner = 'x'",
        "SELECT * FROM account WHERE kind = 'savings'\n-- AND owner = 'x'",
        "SELECT id FROM t WHERE a = 'b' /* it's fine */ AND c = 'd'"
      })
  void allowsLegitimateShapesThatLookLikePatterns(String sql) {
    Verdict v = cold(sql);
    assertThat(v.allowed()).as(v.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select id from book where isbn = '978' union select 1, version()",
        "select id from book where isbn = '' union select id, version from film",
        "select id from book where isbn = 'x' union select id, password from users",
        "select id from book where isbn = 'x' union select usename, null from pg_user"
      })
  void refusesUnionsThatReadWhatAnInjectionReads(String sql) {
    assertThat(cold(sql).allowed()).as(sql).isFalse();
  }

  // --- SET ROLE: refused, naming the role so the pool can allow a connection's own login role ---

  @Test
  void aPlainSetRoleIsRefusedAndNamesItsRole() {
    assertThat(cold("SET ROLE 'sp_app'").roleTarget()).isEqualTo("sp_app");
    assertThat(cold("SET ROLE 'sp_app'").allowed()).isFalse();
    assertThat(cold("set session role to Sp_App").roleTarget()).isEqualTo("sp_app");
    assertThat(cold("SET ROLE \"Sp_App\";").roleTarget()).isEqualTo("Sp_App");
    for (String other :
        new String[] {
          "SET ROLE NONE",
          "SET ROLE 'a'; SELECT 1",
          "SET SESSION AUTHORIZATION 'sp_app'",
          "RESET ROLE",
          "SELECT set_config('role', 'sp_app', false)",
          "SET ROLE 'sp_app' || 'x'"
        }) {
      Verdict v = cold(other);
      assertThat(v.allowed()).as(other).isFalse();
      assertThat(v.roleTarget()).as(other).isNull();
    }
  }

  // --- a concatenating call site does not condemn constants of other sites --------------------

  @Test
  void aConcatenatingSiteNeverRefusesAConstantQueryOfAnotherSite() {
    StatementInspector inspector = enforce();
    String site = "com.example.SearchDao.byIds:20";
    String constant = "com.example.ReportDao.open:55";
    for (int n = 1; n <= 6; n++) {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < n; i++) {
        list.append(i == 0 ? "" : ", ").append(100 + n * 7 + i);
      }
      inspector.inspect("SELECT * FROM item WHERE id IN (" + list + ")", site);
    }
    // The concatenating site is tainted by now…
    assertThat(inspector.inspect("SELECT * FROM item WHERE id IN (1, 2, 3)", site).allowed())
        .isFalse();
    // …while constants of that shape elsewhere keep passing.
    assertThat(inspector.inspect("SELECT * FROM item WHERE id IN (1, 2, 3)", constant).allowed())
        .isTrue();
    assertThat(inspector.inspect("SELECT * FROM item WHERE id IN (4, 5)", constant + "0").allowed())
        .isTrue();
  }

  @Test
  void variableLengthConcatenatedInListsAreRefusedOnceTheSiteRepeats() {
    StatementInspector inspector = enforce();
    String site = "com.example.SearchDao.byIds:20";
    int allowed = 0;
    for (int n = 1; n <= 200; n++) {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < n; i++) {
        list.append(i == 0 ? "" : ", ").append(n * 1000 + i);
      }
      if (inspector.inspect("SELECT * FROM item WHERE id IN (" + list + ")", site).allowed()) {
        allowed++;
      }
    }
    assertThat(allowed).isLessThanOrEqualTo(2);
  }

  @Test
  void aStreamWithoutCallSitesTakesTwoConstantsOfOneShapeAsConstants() {
    StatementInspector inspector = enforce();
    String a = "SELECT * FROM shipments WHERE carrier = 'DHL' AND status <> 'DELIVERED'";
    String b = "SELECT * FROM shipments WHERE carrier = 'UPS' AND status <> 'DELIVERED'";
    String c = "SELECT * FROM shipments WHERE carrier = 'x' AND status <> 'DELIVERED'";
    assertThat(inspector.inspect(a, StatementInspector.SITE_PER_SHAPE).allowed()).isTrue();
    assertThat(inspector.inspect(b, StatementInspector.SITE_PER_SHAPE).allowed()).isTrue();
    assertThat(inspector.inspect(c, StatementInspector.SITE_PER_SHAPE).allowed()).isFalse();
  }
}
