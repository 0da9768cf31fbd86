package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The per-call-site models: template deviation at first sight, taint, and what a taint covers. */
class CallSiteModelTest {
  static final String LOGIN = "com.example.AuthDao.login:31";
  static final String SEARCH = "com.example.ProductDao.search:77";

  static StatementInspector enforce() {
    return StatementInspector.create(InspectorSettings.defaults());
  }

  static String login(String user) {
    return "SELECT id FROM users WHERE username = '" + user + "' AND active = true";
  }

  @Test
  void refusesALiteralSlotExpandedIntoTokensTheFirstTimeItArrives() {
    StatementInspector inspector = enforce();
    assertThat(inspector.inspect(login("alice"), LOGIN).allowed()).isTrue();
    // Same shape, another value, another call site: no variance at LOGIN yet.
    Verdict attack = inspector.inspect(login("x' OR name = 'admin"), LOGIN);
    assertThat(attack.allowed()).isFalse();
    assertThat(attack.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    assertThat(attack.maskedSql()).doesNotContain("admin");
  }

  @Test
  void refusesLiteralFreeExpansionsOfANumericSlot() {
    StatementInspector inspector = enforce();
    String site = "com.example.OrderDao.byId:12";
    assertThat(inspector.inspect("SELECT * FROM orders WHERE id = 42", site).allowed()).isTrue();
    for (String payload :
        new String[] {
          "id", "(SELECT max(id) FROM orders)", "42 OR true", "-1 UNION SELECT * FROM orders"
        }) {
      Verdict v = inspector.inspect("SELECT * FROM orders WHERE id = " + payload, site);
      assertThat(v.allowed()).as(payload).isFalse();
    }
  }

  @Test
  void refusesACommentOpeningRightAfterATemplateLiteral() {
    StatementInspector inspector = enforce();
    String tpl = "SELECT id FROM users WHERE username = '%s' AND password_hash = '%s'";
    assertThat(inspector.inspect(String.format(tpl, "bob", "h1"), LOGIN).allowed()).isTrue();
    assertThat(inspector.inspect(String.format(tpl, "admin'--", "x"), LOGIN).ruleId()).isNotNull();
    Verdict twoFields =
        inspector.inspect(String.format(tpl, "admin'/*", "*/ AND 1=1 AND ''='"), LOGIN);
    assertThat(twoFields.allowed()).isFalse();
  }

  @Test
  void refusesALineCommentThatEndsTheStatementWhereverItStarts() {
    String tpl = "SELECT id FROM users WHERE username = '%s' AND password_hash = '%s'";
    String[] payloads = {
      "admin'\n--", "admin' AND true\n--", "admin' AND true --x", "x' OR id > 0\r\n-- ", "a'\n-- b"
    };
    for (String payload : payloads) {
      StatementInspector inspector = enforce();
      assertThat(inspector.inspect(String.format(tpl, "bob", "h1"), LOGIN).allowed()).isTrue();
      String attack = String.format(tpl, payload, "x");
      assertThat(inspector.inspect(attack, LOGIN).allowed()).as(attack).isFalse();
    }
    StatementInspector inspector = enforce();
    String site = "com.example.OrderDao.find:40";
    String numeric = "SELECT * FROM orders WHERE id = %s AND customer_id = 7";
    assertThat(inspector.inspect(String.format(numeric, "1001"), site).allowed()).isTrue();
    Verdict cut = inspector.inspect(String.format(numeric, "1002 OR id > 0\n--"), site);
    assertThat(cut.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
  }

  @Test
  void refusesTheFixedTokensBetweenTwoFieldsSwallowedByAStringOrComment() {
    String tpl = "SELECT id FROM users WHERE username = '%s' AND password_hash = '%s'";
    String[][] attacks = {
      {"x' OR username = E'\\", " OR username = 'admin"},
      {"x' OR username = $q$", "$q$ OR username = 'admin"},
      {"admin' AND true /*x", " y*/ AND 't"},
      {"admin' AND 1=1 /*", "*/ AND '1"},
    };
    for (String[] fields : attacks) {
      StatementInspector inspector = enforce();
      assertThat(inspector.inspect(String.format(tpl, "bob", "h1"), LOGIN).allowed()).isTrue();
      String attack = String.format(tpl, fields[0], fields[1]);
      Verdict v = inspector.inspect(attack, LOGIN);
      assertThat(v.allowed()).as(attack).isFalse();
      assertThat(v.maskedSql()).doesNotContain("admin");
    }
  }

  @Test
  void refusesASortKeyExpandedIntoAnExpressionButNotAnotherColumn() {
    String tpl = "SELECT id, name, price FROM products WHERE visible = true ORDER BY %s";
    String site = "com.example.CatalogDao.sorted:61";
    StatementInspector inspector = enforce();
    for (String column : new String[] {"price", "name DESC", "name, price DESC", "p.price ASC"}) {
      assertThat(inspector.inspect(String.format(tpl, column), site).allowed()).as(column).isTrue();
    }
    for (String payload :
        new String[] {
          "CAST(version() AS int)",
          "price DESC, CASE WHEN current_user = 'app' THEN 1 ELSE 0 END",
          "(SELECT password_hash FROM users LIMIT 1)",
          "set_config('search_path', 'pg_temp, public', false)",
          "name, (CASE WHEN true THEN 1 ELSE 1/0 END)"
        }) {
      Verdict v = inspector.inspect(String.format(tpl, payload), site);
      assertThat(v.allowed()).as(payload).isFalse();
    }
  }

  @Test
  void refusesAMultiLineTemplateCutByACommentLineAndNumericFieldsJoinedByAComment() {
    String tpl = "SELECT id FROM users WHERE username = '%s' AND password_hash = '%s'\nORDER BY id";
    String[] fields = {
      "admin' AND true/**/\n--", "admin'::text/**/\n--", "x' OR username = 'admin'\n--"
    };
    for (String field : fields) {
      StatementInspector inspector = enforce();
      assertThat(inspector.inspect(String.format(tpl, "bob", "h1"), LOGIN).allowed()).isTrue();
      String attack = String.format(tpl, field, "x");
      assertThat(inspector.inspect(attack, LOGIN).allowed()).as(attack).isFalse();
    }
    StatementInspector inspector = enforce();
    String site = "com.example.OrderDao.find:40";
    String numeric = "SELECT * FROM orders WHERE id = %s AND customer_id = %s";
    assertThat(inspector.inspect(String.format(numeric, "1001", "7"), site).allowed()).isTrue();
    Verdict joined =
        inspector.inspect(String.format(numeric, "0 OR customer_id > 0 /*", "*/"), site);
    assertThat(joined.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    Verdict quoted =
        inspector.inspect(
            String.format(numeric, "0 OR customer_id IN (customer_id::text, $$", "$$)"), site);
    assertThat(quoted.allowed()).isFalse();
  }

  @Test
  void refusesLongerSortKeysReplacedByTestsButKeepsFunctionsOfAColumn() {
    String tpl = "SELECT u.id FROM users u ORDER BY %s";
    String site = "com.example.UserDao.sorted:12";
    StatementInspector inspector = enforce();
    for (String key : new String[] {"u.name ASC", "u.name ASC NULLS LAST", "lower(u.name)"}) {
      assertThat(inspector.inspect(String.format(tpl, key), site).allowed()).as(key).isTrue();
    }
    for (String payload :
        new String[] {
          "CASE WHEN substr(u.password_hash, 1, 1) = 'a' THEN u.id ELSE -u.id END",
          "u.password_hash > 'm' DESC",
          "CAST(current_setting('data_directory') AS int)"
        }) {
      Verdict v = inspector.inspect(String.format(tpl, payload), site);
      assertThat(v.allowed()).as(payload).isFalse();
    }
  }

  @Test
  void keepsDynamicFiltersSortsAndValuesOfAKnownCallSite() {
    StatementInspector inspector = enforce();
    String site = "com.example.TaskDao.search:30";
    assertThat(
            inspector
                .inspect("SELECT id FROM tasks WHERE status = 1 AND kind = 2 ORDER BY id", site)
                .allowed())
        .isTrue();
    // An optional filter left out, a trailing tag comment.
    assertThat(
            inspector
                .inspect("SELECT id FROM tasks WHERE status = 1 ORDER BY id -- q1", site)
                .allowed())
        .isTrue();
    String sorted = "com.example.TaskDao.sorted:31";
    assertThat(inspector.inspect("SELECT id FROM tasks ORDER BY name", sorted).allowed()).isTrue();
    for (String key : new String[] {"name IS NULL, name", "name <> ?", "count(*) DESC"}) {
      assertThat(inspector.inspect("SELECT id FROM tasks ORDER BY " + key, sorted).allowed())
          .as(key)
          .isTrue();
    }
    String notes = "com.example.NoteDao.add:32";
    String tpl = "INSERT INTO notes (kind, title, body) VALUES (1, '%s', '%s')";
    assertThat(inspector.inspect(String.format(tpl, "a", "b"), notes).allowed()).isTrue();
    String longBody = "x".repeat(5_000);
    assertThat(
            inspector
                .inspect(
                    "INSERT INTO notes (kind, title, body) VALUES (1, 'a', 'O''Brien says "
                        + longBody
                        + "')",
                    notes)
                .ruleId())
        .isNotEqualTo("SP-SQL-TEMPLATE-DEVIATION");
  }

  @Test
  void aShapeKnownWithoutItsTemplateStillCountsItsValues() {
    // Budget of 16 shapes: 8,192 tokens, more than one 9,000-token template can take.
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().maxShapes(16).build());
    String site = "com.example.Wide.report:9";
    String tpl = "SELECT " + "c, ".repeat(3_000) + "c FROM t WHERE k = '%s'";
    assertThat(inspector.inspect(String.format(tpl, "a"), site).allowed()).isTrue();
    Verdict second = inspector.inspect(String.format(tpl, "b"), site);
    assertThat(second.ruleId()).isEqualTo("SP-SQL-LITERAL-VARIANCE");
  }

  @Test
  void aStatementThatCollidesWithAKnownShapeIdButNotItsTokensIsRefused() throws Exception {
    // The shape id is a public function that can be inverted: simulate a forged collision by
    // teaching the call site the attack's shape id with the template's tokens.
    StatementInspector inspector = enforce();
    String site = "com.example.AccountDao.byOwner:22";
    String template = "SELECT * FROM accounts WHERE owner_id = 4";
    String attack = "SELECT * FROM accounts WHERE owner_id = ANY (SELECT owner_id FROM accounts)";
    java.lang.reflect.Field field = FirewallInspector.class.getDeclaredField("models");
    field.setAccessible(true);
    SiteModels models = (SiteModels) field.get(inspector);
    int[] templateTokens = ModelTokens.of(new ParsedSql(template));
    long forgedId = new ParsedSql(attack).shape();
    for (boolean keptTemplate : new boolean[] {true, false}) {
      String at = site + (keptTemplate ? "a" : "b");
      synchronized (models) {
        models.learn(models.site(at), new KnownShape(forgedId, templateTokens, keptTemplate, null));
      }
      Verdict v = inspector.inspect(attack, at);
      assertThat(v.allowed()).as("template kept: " + keptTemplate).isFalse();
      assertThat(v.reason()).contains("collide");
    }
  }

  @Test
  void refusesAQuotedNameThatSwallowsTheTemplateBetweenTwoFields() {
    String[][] cases = {
      {
        "SELECT id, role FROM users WHERE name = '%s' AND pass = '%s'",
        "admin' AND pass IN (SELECT pass \"",
        "\" FROM users) AND 'a' = 'a"
      },
      {
        "SELECT * FROM orders WHERE customer_id = %s AND status = '%s'",
        "7 OR customer_id IN (SELECT customer_id \"",
        "\" FROM orders) OR status = 'x"
      },
    };
    for (String[] c : cases) {
      StatementInspector inspector = enforce();
      String first = c[0].contains("customer_id = %s") ? "7" : "alice";
      assertThat(inspector.inspect(String.format(c[0], first, "secret"), LOGIN).allowed()).isTrue();
      String attack = String.format(c[0], c[1], c[2]);
      assertThat(inspector.inspect(attack, LOGIN).allowed()).as(attack).isFalse();
    }
  }

  @Test
  void judgesEveryTouchedSortGroupAndSelectKeyAsAPlainKey() {
    String site = "com.example.UserDao.list:12";
    StatementInspector inspector = enforce();
    String sorted = "SELECT id, name FROM users WHERE active = true ORDER BY %s";
    assertThat(inspector.inspect(String.format(sorted, "name"), site).allowed()).isTrue();
    for (String payload :
        new String[] {
          "(password_hash > ('m'))",
          "password_hash > text 'm'",
          "password_hash > chr(109)",
          "password_hash SIMILAR TO 'a%'",
          "password_hash IS DISTINCT FROM 'x'",
          "name ASC, (password_hash > ('m'))",
          "CAST(version() || name AS int)",
          "(version() || name)::int"
        }) {
      assertThat(inspector.inspect(String.format(sorted, payload), site).allowed())
          .as(payload)
          .isFalse();
    }
    String grouped = "com.example.Report.byCategory:40";
    String tpl = "SELECT category, count(*) FROM products GROUP BY %s ORDER BY 2 DESC";
    assertThat(inspector.inspect(String.format(tpl, "category"), grouped).allowed()).isTrue();
    for (String payload :
        new String[] {
          "category UNION SELECT password_hash, 1 FROM users",
          "category HAVING (SELECT count(*) FROM users) > 0",
          "category, (SELECT password_hash FROM users LIMIT 1)"
        }) {
      assertThat(inspector.inspect(String.format(tpl, payload), grouped).allowed())
          .as(payload)
          .isFalse();
    }
    String projected = "com.example.Report.column:41";
    String select = "SELECT %s FROM users WHERE id = 5";
    assertThat(inspector.inspect(String.format(select, "name"), projected).allowed()).isTrue();
    assertThat(
            inspector
                .inspect(
                    String.format(select, "(SELECT string_agg(password_hash, ',') FROM users)"),
                    projected)
                .allowed())
        .isFalse();
    assertThat(
            inspector
                .inspect(
                    String.format(select, "name FROM users UNION SELECT password_hash"), projected)
                .allowed())
        .isFalse();
    assertThat(inspector.inspect(String.format(select, "lower(name) AS n"), projected).allowed())
        .isTrue();
  }

  @Test
  void keepsCommentedOutLinesOfAKnownTemplate() {
    StatementInspector inspector = enforce();
    String site = "com.example.ReportDao.open:15";
    assertThat(inspector.inspect("SELECT id FROM t WHERE a = 'x' AND b = 'y'", site).allowed())
        .isTrue();
    assertThat(
            inspector
                .inspect("SELECT id FROM t WHERE a = 'x' AND b = 'y'\n-- customer's rows", site)
                .allowed())
        .isTrue();
    assertThat(
            inspector
                .inspect("SELECT id FROM t WHERE a = 'x'\n-- AND c = 'O''Brien'\nAND b = 'y'", site)
                .allowed())
        .isTrue();
  }

  @Test
  void remembersLongTemplatesWithinTheModelsMemoryBound() {
    StringBuilder ids = new StringBuilder("1000");
    for (int i = 1; i < 400; i++) {
      ids.append(", ").append(1000 + i);
    }
    String tpl = "SELECT id, qty FROM items WHERE id IN (" + ids + ") AND tenant_id = %s";
    StatementInspector inspector = enforce();
    String site = "com.example.ItemDao.bulk:10";
    assertThat(inspector.inspect(String.format(tpl, "4"), site).allowed()).isTrue();
    Verdict attack = inspector.inspect(String.format(tpl, "4 OR tenant_id <> 4"), site);
    assertThat(attack.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");

    // Two shapes' worth of budget (1,024 tokens): a second site's long template pushes the first
    // site out, and a template longer than the budget is known by its id alone.
    SiteModels models = new SiteModels(16, 32, 2, 16);
    for (String name : new String[] {"a", "b"}) {
      SiteModel m = models.site(name);
      models.learn(m, new KnownShape(name.hashCode(), new int[700], true, null));
      assertThat(models.templateTokens()).isEqualTo(700);
    }
    SiteModel c = models.site("c");
    models.learn(c, new KnownShape(3, new int[2000], true, null));
    assertThat(models.templateTokens()).isZero();
    assertThat(c.shapes.get(3L).tokens).isNull();
  }

  @Test
  void refusesSeveralInputFieldsExpandedAtOnce() {
    String tpl = "SELECT id FROM sales WHERE region = %s AND year = %s AND kind = '%s' ORDER BY id";
    String[][] attacks = {
      {"3 OR id>0", "2026 OR id>0", "retail"},
      {"3 OR amount>0", "2026", "retail' OR kind<>'"},
      {"3", "2026 OR region<>3", "x' OR year>'"},
      {"(3) OR (1", "2) OR amount IN (1, 2", "retail"},
    };
    for (String[] fields : attacks) {
      StatementInspector inspector = enforce();
      String site = "com.example.ReportDao.sales:40";
      assertThat(inspector.inspect(String.format(tpl, "3", "2026", "retail"), site).allowed())
          .isTrue();
      Verdict v = inspector.inspect(String.format(tpl, (Object[]) fields), site);
      assertThat(v.allowed()).as(String.join(" | ", fields)).isFalse();
    }
  }

  @Test
  void refusesConcatenatedInListsWhoseLengthChanges() {
    StatementInspector inspector = enforce();
    String site = "com.example.Report.items:9";
    assertThat(inspector.inspect("SELECT * FROM item WHERE id IN (1, 2)", site).allowed()).isTrue();
    assertThat(inspector.inspect("SELECT * FROM item WHERE id IN (3, 4, 5)", site).allowed())
        .isFalse();
  }

  @Test
  void pagingExtensionsOfATrailingLimitPass() {
    StatementInspector inspector = enforce();
    String site = "com.example.Feed.page:5";
    assertThat(inspector.inspect("SELECT * FROM post ORDER BY id LIMIT 20", site).allowed())
        .isTrue();
    assertThat(
            inspector.inspect("SELECT * FROM post ORDER BY id LIMIT 20 OFFSET 40", site).allowed())
        .isTrue();
  }

  @Test
  void aTaintedCallSiteMaySendOnlyShapesItSentBeforeWithoutLiterals() {
    StatementInspector inspector = enforce();
    String site = "com.example.Search.run:50";
    String constant = "SELECT count(*) FROM product WHERE visible";
    assertThat(inspector.inspect(constant, site).allowed()).isTrue();
    assertThat(inspector.inspect("SELECT * FROM product WHERE name = 'a'", site).allowed())
        .isTrue();
    assertThat(inspector.inspect("SELECT * FROM product WHERE name = 'b'", site).allowed())
        .isFalse();
    // Literal-free shapes it never sent: refused.
    assertThat(inspector.inspect("SELECT password_hash FROM users", site).allowed()).isFalse();
    assertThat(inspector.inspect("SELECT * FROM product WHERE name = ?", site).allowed()).isFalse();
    // A literal-free shape it sent before the taint: still fine, also from the cache.
    assertThat(inspector.inspect(constant, site).allowed()).isTrue();
    // Other call sites are not affected, even with the tainted shape.
    assertThat(inspector.inspect("SELECT * FROM product WHERE name = 'c'", SEARCH).allowed())
        .isTrue();
  }

  @Test
  void noCachedVerdictOutlivesATaint() {
    StatementInspector inspector = enforce();
    String site = "com.example.Blind.probe:8";
    // An extraction probe that first-sight rules let through, cached as clean.
    String probe = "SELECT * FROM doc WHERE id = 5 AND substr(title, 1, 1) = 'a'";
    assertThat(inspector.inspect(probe, site).allowed()).isTrue();
    assertThat(inspector.inspect(probe, site).allowed()).isTrue();
    assertThat(
            inspector
                .inspect("SELECT * FROM doc WHERE id = 5 AND substr(title, 1, 1) = 'b'", site)
                .allowed())
        .isFalse();
    // The cached text is judged again after the taint, from the cache hit on.
    assertThat(inspector.inspect(probe, site).allowed()).isFalse();
    assertThat(inspector.inspect(probe, site).allowed()).isFalse();
    // From another call site the same text is that site's business.
    assertThat(inspector.inspect(probe, "com.example.Other.find:3").allowed()).isTrue();
  }

  @Test
  void refusesAnInjectionThatComesWithAnotherChangeTheSiteAllows() {
    String list =
        "SELECT id, total FROM orders WHERE customer_id = 7 AND status = '%s' ORDER BY %s";
    String[][] attacks = {
      // the value, and the sort the user picked
      {"x' OR status <> 'x", "id DESC"},
      {"x' OR customer_id > 0 OR status = '", "total"},
      {
        "x' OR customer_id IN (SELECT id FROM users WHERE password_hash > 'm') OR status = '",
        "id DESC"
      },
      {"x' OR total > 0 OR status = '", "total DESC, id"},
      {"x' AND customer_id = 7 OR status <> '", "id DESC"},
    };
    for (String[] a : attacks) {
      StatementInspector inspector = enforce();
      String site = "com.example.OrderDao.list:40";
      assertThat(inspector.inspect(String.format(list, "NEW", "id"), site).allowed()).isTrue();
      Verdict v = inspector.inspect(String.format(list, a[0], a[1]), site);
      assertThat(v.ruleId()).as(a[0] + " / " + a[1]).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    }
    // A value that starts with the template's own next tokens, so the statement seems to change
    // only after them, away from the slot; at a numeric slot it holds no literal at all.
    String[][] steered = {
      {
        "SELECT id FROM orders WHERE id = 5 AND active ORDER BY id",
        "SELECT id FROM orders WHERE id = 5 AND active OR active AND active ORDER BY id DESC"
      },
      {
        "SELECT x FROM t WHERE status = 'NEW' AND owner = 7 ORDER BY id",
        "SELECT x FROM t WHERE status = 'x' AND owner = 7 OR status <> 'x' AND owner = 7"
            + " ORDER BY id DESC"
      },
    };
    for (String[] pair : steered) {
      StatementInspector steer = enforce();
      String at = "com.example.OrderDao.steer:43";
      assertThat(steer.inspect(pair[0], at).allowed()).isTrue();
      assertThat(steer.inspect(pair[1], at).ruleId())
          .as(pair[1])
          .isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    }
    // The slot in the middle, and an optional filter left out before it.
    StatementInspector inspector = enforce();
    String site = "com.example.OrderDao.find:41";
    assertThat(
            inspector
                .inspect(
                    "SELECT id FROM orders WHERE kind = 2 AND status = 'NEW' AND customer_id = 7"
                        + " ORDER BY id",
                    site)
                .allowed())
        .isTrue();
    assertThat(
            inspector
                .inspect(
                    "SELECT id FROM orders WHERE status = 'x' OR id > 0 AND customer_id = 7"
                        + " ORDER BY id DESC",
                    site)
                .ruleId())
        .isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
  }

  @Test
  void keepsWhatTheSiteLetsItsUsersChooseInSeveralPlacesAtOnce() {
    StatementInspector inspector = enforce();
    String site = "com.example.OrderDao.search:42";
    String known =
        "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ? AND o.status = 'NEW'"
            + " AND o.kind = ? ORDER BY o.id LIMIT 20";
    assertThat(inspector.inspect(known, site).allowed()).isTrue();
    for (String sql :
        new String[] {
          // another status value, another sort column and direction, paging
          "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ? AND o.status = 'PAID'"
              + " AND o.kind = ? ORDER BY o.total DESC LIMIT 20 OFFSET 40",
          // a parameterised filter added after a parameter, and the sort direction
          "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ? AND o.region = ?"
              + " AND o.status = 'OPEN' AND o.kind = ? ORDER BY o.id ASC LIMIT 20",
          // another alias and another sort
          "SELECT o.id, o.total AS amount FROM orders o WHERE o.customer_id = ?"
              + " AND o.status = 'OPEN' AND o.kind = ? ORDER BY amount LIMIT 20",
          // an optional filter left out, and the sort direction
          "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ? AND o.status = 'PAID'"
              + " ORDER BY o.id DESC LIMIT 20"
        }) {
      assertThat(inspector.inspect(sql, site).ruleId()).as(sql).isNotEqualTo(TemplateRule.ID);
    }
  }

  @Test
  void refusesTwoFieldsJoinedByAStringThatSwallowedTheOneTokenBetweenThem() {
    String tpl = "SELECT id FROM docs WHERE owner_id = 7 AND meta->>'%s' = '%s'";
    String[][] attacks = {
      {"kind' IS NOT NULL OR id::text <> ", " OR id::text <> 'x"},
      {"kind' IS NOT NULL OR id::text <> E", " OR id::text <> 'x"},
      {"kind' IS NOT NULL OR id::text <> U&", " OR id::text <> 'x"},
      {
        "kind' IS NOT NULL OR EXISTS (SELECT 1 FROM users WHERE password_hash > ",
        ") OR id::text <> 'x"
      },
    };
    for (String[] a : attacks) {
      StatementInspector inspector = enforce();
      String site = "com.example.DocDao.byMeta:26";
      assertThat(inspector.inspect(String.format(tpl, "kind", "memo"), site).allowed()).isTrue();
      assertThat(inspector.inspect(String.format(tpl, a[0], a[1]), site).ruleId())
          .as(a[0])
          .isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    }
    // A value that is the separator's text keeps the template's shape: a known shape, allowed.
    StatementInspector inspector = enforce();
    String site = "com.example.DocDao.byMeta:26";
    assertThat(inspector.inspect(String.format(tpl, "kind", "memo"), site).allowed()).isTrue();
    assertThat(inspector.inspect(String.format(tpl, "op", " = "), site).ruleId())
        .isNotEqualTo("SP-SQL-TEMPLATE-DEVIATION");
  }

  @Test
  void refusesSortKeysThatCompareAColumnWithAConstant() {
    for (String key :
        new String[] {
          "greatest(password_hash, 'm')",
          "least(password_hash, 'm') DESC",
          "nullif(password_hash, 'x') NULLS FIRST"
        }) {
      StatementInspector inspector = enforce();
      String site = "com.example.UserDao.list:12";
      String tpl = "SELECT id, name FROM users WHERE active = true ORDER BY ";
      assertThat(inspector.inspect(tpl + "name", site).allowed()).isTrue();
      assertThat(inspector.inspect(tpl + key, site).ruleId())
          .as(key)
          .isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    }
  }

  @Test
  void aNamedCallSiteIsJudgedAndTaughtByItsOwnModelWhenAnotherSiteCachedTheText() {
    StatementInspector inspector = enforce();
    String audit = "com.example.AuditDao.byUser:12";
    // Another call site sends the same legitimate text first: it is cached for that site.
    assertThat(inspector.inspect(login("alice"), audit).allowed()).isTrue();
    // LOGIN's own first request is the same text: it still teaches LOGIN its template ...
    assertThat(inspector.inspect(login("alice"), LOGIN).allowed()).isTrue();
    // ... so the first attack at LOGIN is refused as a deviation of it, not judged as cold.
    Verdict attack = inspector.inspect(login("x' OR username ILIKE '%"), LOGIN);
    assertThat(attack.allowed()).isFalse();
    assertThat(attack.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");

    // A tainted call site may not borrow a text another site earned.
    String bad = "com.example.Bad.find:9";
    String other = "SELECT * FROM t WHERE k = 'z' AND v = 1";
    assertThat(inspector.inspect(other, "com.example.Good.find:4").allowed()).isTrue();
    inspector.inspect("SELECT * FROM t WHERE k = 'a'", bad);
    assertThat(inspector.inspect("SELECT * FROM t WHERE k = 'b'", bad).allowed()).isFalse();
    assertThat(inspector.inspect(other, bad).allowed()).isFalse();
    assertThat(inspector.inspect(other, "com.example.Good.find:4").allowed()).isTrue();
  }

  @Test
  void oneConcatenatingCallSiteDoesNotSwitchOffTheRest() {
    StatementInspector inspector = enforce();
    inspector.inspect("SELECT * FROM t WHERE k = 'a'", "com.example.Bad.one:1");
    inspector.inspect("SELECT * FROM t WHERE k = 'b'", "com.example.Bad.one:1");
    assertThat(
            inspector
                .inspect("SELECT * FROM t WHERE k = 'fixed'", "com.example.Good.two:2")
                .allowed())
        .isTrue();
    assertThat(
            inspector
                .inspect("SELECT * FROM t WHERE k = 'other'", "com.example.Good.three:3")
                .allowed())
        .isTrue();
  }

  @Test
  void plainStatementsReadQuestionMarksAsOperators() {
    StatementInspector inspector = enforce();
    String sql = "SELECT * FROM doc WHERE name = '' OR '{\"k\":1}'::jsonb ? 'k'";
    Verdict plain = inspector.inspect(sql, StatementKind.PLAIN, "com.example.Doc.find:3");
    assertThat(plain.allowed()).isFalse();
    String legit = "SELECT id FROM doc WHERE meta ? 'draft'";
    assertThat(inspector.inspect(legit, StatementKind.PLAIN, "com.example.Doc.drafts:4").allowed())
        .isTrue();
    assertThat(
            new ParsedSql(legit, Lexer.tokenize(legit, Tokens.fresh(legit, true)))
                .count(TokenType.PLACEHOLDER))
        .isZero();
  }

  @Test
  void generatedKeyNamesMustBeIdentifiers() {
    StatementInspector inspector = enforce();
    String sql = "INSERT INTO t (a) VALUES (?)";
    assertThat(
            inspector
                .inspectReturning(sql, StatementKind.PREPARED, new String[] {"id", "created_at"})
                .allowed())
        .isTrue();
    assertThat(
            inspector.inspectReturning(sql, StatementKind.PREPARED, new String[] {"*"}).allowed())
        .isTrue();
    Verdict v =
        inspector.inspectReturning(sql, StatementKind.PREPARED, new String[] {"id, pg_sleep(5)"});
    assertThat(v.allowed()).isFalse();
    assertThat(v.ruleId()).isEqualTo("SP-SQL-RETURNING-NAME");
  }

  @Test
  void refusedStatementsShowNoValueThatLexesAsAName() {
    StatementInspector inspector = enforce();
    String site = "com.example.Leak.find:2";
    inspector.inspect("SELECT * FROM u WHERE name = 'x' AND org = 7", site);
    Verdict a =
        inspector.inspect(
            "SELECT * FROM u WHERE name = '' OR \"LEAKMARKER-B4\" = 'x' AND org = 7", site);
    assertThat(a.allowed()).isFalse();
    assertThat(a.maskedSql()).doesNotContain("LEAKMARKER");
    Verdict c =
        enforce()
            .inspect("SELECT * FROM u WHERE name = '' OR LEAKMARKER = 'x'--' AND org = 7", site);
    assertThat(c.allowed()).isFalse();
    assertThat(c.maskedSql()).doesNotContain("LEAKMARKER");
    Verdict b = inspector.inspect("SELECT * FROM u WHERE name = 'x' AND org = LEAKMARKER", site);
    assertThat(b.allowed()).isFalse();
    assertThat(b.maskedSql()).doesNotContain("LEAKMARKER");
  }

  @Test
  void aShapeLearnedWithAPastedNameDoesNotVouchForIt() {
    // The first statement of the site already carried a value that lexes as a name; a later
    // refusal of that shape, or of a deviation after it, must not show it.
    String[][] streams = {
      {
        "SELECT * FROM orders WHERE id IN (LEAKMARKER) AND status = 'PAID'",
        "SELECT * FROM orders WHERE id IN (LEAKMARKER) AND status = 'SHIPPED'"
      },
      {
        "SELECT * FROM orders WHERE id = LEAKMARKER AND status = 'x'",
        "SELECT * FROM orders WHERE id = LEAKMARKER AND status = 'x' OR status = 'y'"
      },
      {
        "SELECT * FROM orders WHERE note LIKE LEAKMARKER AND status = 'a'",
        "SELECT * FROM orders WHERE note LIKE LEAKMARKER AND status = 'b'"
      },
      {
        "INSERT INTO t (a, b) VALUES (LEAKMARKER, 'a')",
        "INSERT INTO t (a, b) VALUES (LEAKMARKER, 'b')"
      },
      {
        "INSERT INTO t (a, b) VALUES (1, 'a'), (2, LEAKMARKER)",
        "INSERT INTO t (a, b) VALUES (1, 'b'), (2, LEAKMARKER)"
      },
      {
        "SELECT * FROM orders WHERE n BETWEEN 1 AND LEAKMARKER AND status = 'a'",
        "SELECT * FROM orders WHERE n BETWEEN 1 AND LEAKMARKER AND status = 'b'"
      },
      {
        "SELECT * FROM orders WHERE id = acme.LEAKMARKER AND status = 'a'",
        "SELECT * FROM orders WHERE id = acme.LEAKMARKER AND status = 'b'"
      },
    };
    for (String[] stream : streams) {
      StatementInspector inspector = enforce();
      String site = "com.example.Leak.find:3";
      assertThat(inspector.inspect(stream[0], site).allowed()).isTrue();
      Verdict v = inspector.inspect(stream[1], site);
      assertThat(v.allowed()).as(stream[1]).isFalse();
      assertThat(v.maskedSql()).as(stream[1]).doesNotContain("LEAKMARKER");
    }
  }

  @Test
  void forwardingHelpersAreNotCallSitesThemselves() {
    CallSites byName = new CallSites(Set.of("com.acme.db"));
    assertThat(
            byName.site(
                Stream.of(
                    frame("io.securepool.internal.jdbc.SecureConnection", "prepareStatement", 1),
                    frame("com.zaxxer.hikari.pool.ProxyConnection", "prepareStatement", 2),
                    frame("com.acme.db.Db", "list", 40),
                    frame("com.acme.orders.OrderService", "open", 12),
                    frame("com.acme.web.OrderController", "get", 7))))
        .isEqualTo("com.acme.db.Db.list:40 < com.acme.orders.OrderService.open:12");
    CallSites none = new CallSites(Set.of());
    assertThat(
            none.site(
                Stream.of(
                    frame("com.acme.db.Db", "list", 40),
                    frame("com.acme.orders.OrderService", "open", 12))))
        .isEqualTo("com.acme.db.Db.list:40");
    assertThat(
            none.site(
                Stream.of(
                    new Frame(Annotated.class, "com.acme.db.Jdbc", "query", 3),
                    frame("com.acme.orders.OrderService", "open", 12))))
        .isEqualTo("com.acme.db.Jdbc.query:3 < com.acme.orders.OrderService.open:12");
    assertThat(none.site(Stream.of(frame("org.flywaydb.core.Flyway", "migrate", 1))))
        .isEqualTo(CallSites.SCRIPT_RUNNER);
    assertThat(none.site(Stream.of(frame("java.lang.Thread", "run", 1))))
        .isEqualTo(CallSites.UNKNOWN);
  }

  static StackWalker.StackFrame frame(String cls, String method, int line) {
    return new Frame(Object.class, cls, method, line);
  }

  @ForwardsSql
  static final class Annotated {}

  /** A stack frame as the walker reports one. */
  record Frame(Class<?> type, String cls, String method, int line)
      implements StackWalker.StackFrame {
    @Override
    public String getClassName() {
      return cls;
    }

    @Override
    public String getMethodName() {
      return method;
    }

    @Override
    public Class<?> getDeclaringClass() {
      return type;
    }

    @Override
    public int getByteCodeIndex() {
      return 0;
    }

    @Override
    public String getFileName() {
      return null;
    }

    @Override
    public int getLineNumber() {
      return line;
    }

    @Override
    public boolean isNativeMethod() {
      return false;
    }

    @Override
    public StackTraceElement toStackTraceElement() {
      return new StackTraceElement(cls, method, null, line);
    }
  }
}
