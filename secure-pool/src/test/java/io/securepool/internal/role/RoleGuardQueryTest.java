package io.securepool.internal.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which query the role guard sends, chosen from the server_version reported at login. */
class RoleGuardQueryTest {

  @Test
  void readsParameterPrivilegesFromPostgresql15On() {
    assertThat(RoleGuard.hasParameterAcl("15.19 (Debian 15.19-1.pgdg120+1)")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("16beta2")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("18.1")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("100.0")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("14.12")).isFalse();
    assertThat(RoleGuard.hasParameterAcl("13.5 (Ubuntu 13.5-1)")).isFalse();
    assertThat(RoleGuard.hasParameterAcl("9.6.24")).isFalse();
  }

  @Test
  void aVersionThatCannotBeReadCountsAsANewServer() {
    assertThat(RoleGuard.hasParameterAcl(null)).isTrue();
    assertThat(RoleGuard.hasParameterAcl("")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("devel")).isTrue();
    assertThat(RoleGuard.hasParameterAcl("\u0661\u0664.0")).isTrue();
  }

  @Test
  void onlyTheNewerQueryNamesPgParameterAclAndBothHaveTheSameColumns() {
    assertThat(RoleGuard.QUERY).contains("pg_catalog.pg_parameter_acl");
    assertThat(RoleGuard.QUERY_WITHOUT_PARAMETER_ACL).doesNotContain("pg_parameter_acl");
    assertThat(RoleGuard.QUERY_WITHOUT_PARAMETER_ACL).endsWith(", '{}'::pg_catalog.text[]");
    assertThat(RoleGuard.QUERY.substring(0, RoleGuard.QUERY.lastIndexOf(", ARRAY(")))
        .isEqualTo(
            RoleGuard.QUERY_WITHOUT_PARAMETER_ACL.substring(
                0, RoleGuard.QUERY_WITHOUT_PARAMETER_ACL.lastIndexOf(", '{}'")));
  }
}
