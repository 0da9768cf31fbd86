package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.TestRole;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.test.context.ContextConfiguration;

/** {@code @DataJpaTest} runs on the secure pool, Hibernate's queries included. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = SliceServer.SliceApplication.class)
class DataJpaTestSliceIT extends SliceServer {

  @Autowired DataSource dataSource;
  @Autowired EntityManager entityManager;

  @Test
  void dataJpaTestsRunOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(entityManager.createNativeQuery("SELECT current_user").getSingleResult())
        .isEqualTo(TestRole.APP.username());
  }
}
