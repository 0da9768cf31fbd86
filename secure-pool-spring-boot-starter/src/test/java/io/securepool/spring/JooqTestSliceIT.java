package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jooq.JooqTest;
import org.springframework.test.context.ContextConfiguration;

/** {@code @JooqTest} runs on the secure pool. */
@JooqTest
@ContextConfiguration(classes = SliceServer.SliceApplication.class)
class JooqTestSliceIT extends SliceServer {

  @Autowired DataSource dataSource;
  @Autowired DSLContext dsl;

  @Test
  void jooqTestsRunOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(dsl.fetchValue("SELECT current_user")).isEqualTo(TestRole.APP.username());
  }
}
