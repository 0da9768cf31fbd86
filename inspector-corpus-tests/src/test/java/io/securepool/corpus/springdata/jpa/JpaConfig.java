package io.securepool.corpus.springdata.jpa;

import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * Spring Data JPA on Hibernate as an application configures it without Spring Boot; the data source
 * (the recording one over the secure pool) is registered by the test before the context starts.
 */
@Configuration
@EnableTransactionManagement
@EnableJpaRepositories(basePackageClasses = ProductRepository.class)
public class JpaConfig {
  @Bean
  LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
    LocalContainerEntityManagerFactoryBean f = new LocalContainerEntityManagerFactoryBean();
    f.setDataSource(dataSource);
    f.setPackagesToScan(Product.class.getPackageName());
    f.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
    f.setJpaPropertyMap(
        Map.of(
            "hibernate.default_schema", "sdjpa",
            "hibernate.hbm2ddl.auto", "create",
            "hibernate.show_sql", "false"));
    return f;
  }

  @Bean
  PlatformTransactionManager transactionManager(EntityManagerFactory emf) {
    return new JpaTransactionManager(emf);
  }
}
