package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void splitsAtSemicolonsAndDropsEmptyStatements() {
    assertThat(StatementSplitter.split("SELECT 1;\nSELECT 2 ;;\n  SELECT\n  3"))
        .containsExactly("SELECT 1", "SELECT 2", "SELECT\n  3");
    assertThat(StatementSplitter.split("")).isEmpty();
    assertThat(StatementSplitter.split(" ;\n; ")).isEmpty();
  }

  @Test
  void aSemicolonInsideAStringOrQuotedIdentifierEndsNothing() {
    assertThat(
            StatementSplitter.split(
                "SELECT 'a;b', E'c\\';d', U&'e;f' FROM \"odd;name\"; SELECT 'it''s;'"))
        .containsExactly("SELECT 'a;b', E'c\\';d', U&'e;f' FROM \"odd;name\"", "SELECT 'it''s;'");
  }

  @Test
  void aSemicolonInsideACommentEndsNothingAndLeadingCommentsAreDropped() {
    assertThat(
            StatementSplitter.split(
                "-- first; not a statement\nSELECT 1 /* a; b /* nested; */ c */ FROM t;\n"
                    + "/* trailer; */\n-- end;\n"))
        .containsExactly("SELECT 1 /* a; b /* nested; */ c */ FROM t");
  }

  @Test
  void dollarQuotedBodiesAreOneStatement() {
    String function =
        "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN PERFORM 1; RETURN $$x;$$::int; END $fn$"
            + " LANGUAGE plpgsql";
    assertThat(StatementSplitter.split(function + ";\nSELECT f();"))
        .containsExactly(function, "SELECT f()");
  }

  @Test
  void sqlStandardFunctionBodiesAreOneStatement() {
    String function =
        "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC"
            + " SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; SELECT a; END";
    assertThat(StatementSplitter.split(function + "; SELECT g(1); BEGIN; COMMIT;"))
        .containsExactly(function, "SELECT g(1)", "BEGIN", "COMMIT");
  }

  @Test
  void anUnterminatedQuoteRunsToTheEnd() {
    assertThat(StatementSplitter.split("SELECT 1; SELECT 'open; SELECT 2;"))
        .containsExactly("SELECT 1", "SELECT 'open; SELECT 2;");
  }
}
