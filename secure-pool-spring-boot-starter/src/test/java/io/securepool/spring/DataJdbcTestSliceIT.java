package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.data.jdbc.DataJdbcTest;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/** {@code @DataJdbcTest} runs on the secure pool. */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = SliceServer.SliceApplication.class)
class DataJdbcTestSliceIT extends SliceServer {

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void dataJdbcTestsRunOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(jdbc.queryForObject("SELECT current_user", String.class))
        .isEqualTo(TestRole.APP.username());
  }
}
