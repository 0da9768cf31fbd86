package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * A {@code @JdbcTest} slice imports only the auto-configurations registered for it: ours is, so a
 * slice test on a real database runs on the secure pool, not on a plain Hikari pool.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = SliceServer.SliceApplication.class)
class JdbcTestSliceIT extends SliceServer {

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void sliceTestsRunOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(jdbc.queryForObject("SELECT current_user", String.class))
        .isEqualTo(TestRole.APP.username());
  }
}
