package com.example.orders;

import io.securepool.SecureDataSource;
import io.securepool.health.HealthReport;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /credentials/rotate}: asks the pool for new credentials now and retires the
 * connections of the old ones (idle at once, borrowed when returned), then shows which login and
 * backend the pool serves before and after.
 */
@RestController
class CredentialsController {

  private static final String SESSION =
      "SELECT current_user AS db_user, pg_backend_pid() AS backend_pid";

  private final SecureDataSource dataSource;
  private final JdbcClient jdbc;

  CredentialsController(SecureDataSource dataSource, JdbcClient jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  @PostMapping("/credentials/rotate")
  Map<String, Object> rotate() throws SQLException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("before", jdbc.sql(SESSION).query().singleRow());
    dataSource.rotateCredentials();
    result.put("after", jdbc.sql(SESSION).query().singleRow());
    HealthReport health = dataSource.health();
    result.put("credentials", health.summary());
    result.put("health", health.status());
    return result;
  }
}
