package io.securepool.inspect;

import java.util.Set;

/**
 * Rejects reads of catalogs that hold credentials or authentication configuration: {@code
 * pg_shadow}, {@code pg_authid}, {@code pg_user_mapping}, {@code pg_user_mappings}, {@code
 * pg_hba_file_rules}, {@code pg_ident_file_mappings}. Applications never read them; {@code UNION
 * SELECT usename, passwd FROM pg_shadow} is the classic way to steal password hashes.
 */
final class CredentialCatalogRule implements Rule {
  static final String ID = "SP-SQL-CREDENTIAL-CATALOG";

  static final Set<String> CATALOGS =
      Set.of(
          "pg_shadow",
          "pg_authid",
          "pg_user_mapping",
          "pg_user_mappings",
          "pg_hba_file_rules",
          "pg_ident_file_mappings");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    for (int k = 0; k < sql.size(); k++) {
      TokenType t = sql.type(k);
      if (t == TokenType.WORD || t == TokenType.QUOTED_IDENT) {
        String name = sql.name(k);
        if (name != null && CATALOGS.contains(name)) {
          return "reads " + name + ", a catalog that holds credentials";
        }
      }
    }
    return null;
  }
}
