package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders service. Its {@code DataSource} comes from secure-pool's starter; with the default
 * profile, {@link EmbeddedServers} starts the database first. Run with {@code
 * --spring.profiles.active=external} and {@code spring.datasource.url}, {@code
 * secure-pool.tls.ca-file} and credentials to use a real server instead.
 */
@SpringBootApplication
public class OrdersApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
