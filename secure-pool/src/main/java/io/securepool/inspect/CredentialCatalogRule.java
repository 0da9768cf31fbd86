package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * Rejects reads of catalogs that hold credentials or authentication configuration: {@code
 * pg_shadow}, {@code pg_authid}, {@code pg_user_mapping}, {@code pg_user_mappings}, {@code
 * pg_hba_file_rules}, {@code pg_ident_file_mappings}. Applications never read them; {@code UNION
 * SELECT usename, passwd FROM pg_shadow} is the classic way to steal password hashes. Also rejects
 * a UNION arm that reads server or role identity ({@code version()}, {@code current_user}, {@code
 * pg_roles}, …), the reconnaissance that precedes such a read; generated UNION queries (Hibernate's
 * union subclasses) union application tables only.
 */
final class CredentialCatalogRule implements Rule {
  static final String ID = SecurityRule.SQL_CREDENTIAL_CATALOG.id();

  static final WordSet CATALOGS =
      new WordSet(
          Set.of(
              "pg_shadow",
              "pg_authid",
              "pg_user_mapping",
              "pg_user_mappings",
              "pg_hba_file_rules",
              "pg_ident_file_mappings"));

  /**
   * What a UNION-based probe reads to learn who and where it is. Not {@code information_schema} or
   * {@code pg_tables}: applications and tools union those legitimately.
   */
  static final WordSet RECONNAISSANCE =
      new WordSet(
          Set.of(
              "current_user",
              "current_role",
              "session_user",
              "current_catalog",
              "pg_user",
              "pg_roles",
              "pg_database",
              "pg_settings",
              "pg_stat_activity"));

  /**
   * Functions a probe calls for the same purpose. Only a call counts: {@code version} is also the
   * optimistic-lock column of every Hibernate entity with {@code @Version}.
   */
  static final WordSet RECONNAISSANCE_CALLS =
      new WordSet(
          Set.of(
              "version",
              "current_database",
              "current_setting",
              "inet_server_addr",
              "inet_server_port"));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    boolean catalogs = CATALOGS.mayOccurIn(sql) || sql.count(TokenType.QUOTED_IDENT) > 0;
    for (int k = 0; catalogs && k < sql.size(); k++) {
      String name = CATALOGS.name(sql, k);
      if (name != null) {
        return "reads " + name + ", a catalog that holds credentials";
      }
    }
    boolean inUnionArm = false;
    for (int k = 0; sql.mayHave(Keywords.UNION) && k < sql.size(); k++) {
      if (sql.isWord(k, Keywords.UNION)) {
        inUnionArm = true;
      } else if (inUnionArm) {
        String name = RECONNAISSANCE.word(sql, k);
        if (name == null && sql.is(k + 1, TokenType.LPAREN) && !sql.is(k - 1, TokenType.DOT)) {
          name = RECONNAISSANCE_CALLS.word(sql, k);
        }
        if (name == null) {
          name = identityKeyword(sql, k);
        }
        if (name != null) {
          return "a UNION reads "
              + name
              + ", server or role information an application never"
              + " unions into its results";
        }
      }
    }
    return null;
  }

  /**
   * The identity the keyword or JDBC escape at {@code k} reads, or null: {@code USER} unquoted (a
   * reserved word: the current user, except as a column label after {@code .} or {@code AS}), and
   * pgjdbc's {@code {fn user()}} and {@code {fn database()}}, which the driver sends as {@code
   * user} and {@code current_database()}.
   */
  private static String identityKeyword(ParsedSql sql, int k) {
    if (sql.is(k - 1, TokenType.JDBC_ESCAPE) && sql.is(k + 1, TokenType.LPAREN)) {
      if (sql.isWord(k, Keywords.USER)) {
        return "user";
      }
      if (sql.isWord(k, "database")) {
        return "current_database";
      }
    }
    if (sql.isWord(k, Keywords.USER)
        && !sql.is(k - 1, TokenType.DOT)
        && !sql.isWord(k - 1, "as")
        && !sql.is(k + 1, TokenType.DOT)) {
      return "user";
    }
    return null;
  }
}
