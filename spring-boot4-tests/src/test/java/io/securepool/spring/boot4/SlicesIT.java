package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.TestRole;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Every Boot 4 test slice that creates a DataSource runs on the secure pool: each imports only the
 * auto-configurations registered for it (Boot 4 moved them to per-technology modules and packages),
 * and each test fails if the slice's DataSource is not a {@link SecureDataSource}.
 */
class SlicesIT {

  @Nested
  @JdbcTest
  @AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
  @ContextConfiguration(classes = SliceServer.SliceApplication.class)
  class Jdbc extends SliceServer {
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    @Test
    void jdbcTestRunsOnTheSecurePool() {
      assertThat(dataSource).isInstanceOf(SecureDataSource.class);
      assertThat(jdbc.queryForObject("SELECT current_user", String.class))
          .isEqualTo(TestRole.APP.username());
    }
  }

  @Nested
  @DataJpaTest
  @AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
  @ContextConfiguration(classes = SliceServer.SliceApplication.class)
  class DataJpa extends SliceServer {
    @Autowired DataSource dataSource;
    @Autowired EntityManager entityManager;

    @Test
    void dataJpaTestRunsOnTheSecurePool() {
      assertThat(dataSource).isInstanceOf(SecureDataSource.class);
      assertThat(entityManager.createNativeQuery("SELECT current_user").getSingleResult())
          .isEqualTo(TestRole.APP.username());
    }
  }

  @Nested
  @DataJdbcTest
  @AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
  @ContextConfiguration(classes = SliceServer.SliceApplication.class)
  class DataJdbc extends SliceServer {
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    @Test
    void dataJdbcTestRunsOnTheSecurePool() {
      assertThat(dataSource).isInstanceOf(SecureDataSource.class);
      assertThat(jdbc.queryForObject("SELECT current_user", String.class))
          .isEqualTo(TestRole.APP.username());
    }
  }

  @Nested
  @JooqTest
  @ContextConfiguration(classes = SliceServer.SliceApplication.class)
  class Jooq extends SliceServer {
    @Autowired DataSource dataSource;
    @Autowired DSLContext dsl;

    @Test
    void jooqTestRunsOnTheSecurePool() {
      assertThat(dataSource).isInstanceOf(SecureDataSource.class);
      assertThat(dsl.fetchValue("SELECT current_user")).isEqualTo(TestRole.APP.username());
    }
  }
}
