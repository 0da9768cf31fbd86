package com.example.orders;

import io.securepool.SecureDataSource;
import io.securepool.session.SessionContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Runs work on a connection whose session carries {@code app.tenant_id}: secure-pool applies it at
 * checkout through bind parameters and clears it before the next borrower, so the row-level
 * security policy on {@code app.orders} shows each tenant only its rows.
 */
@Component
class TenantScope {

  /** The session setting the policy reads. */
  static final String TENANT_SETTING = "app.tenant_id";

  private final SecureDataSource dataSource;

  TenantScope(SecureDataSource dataSource) {
    this.dataSource = dataSource;
  }

  <T> T run(String tenant, Function<JdbcClient, T> work) {
    try (Connection connection =
        dataSource.getConnection(SessionContext.of(TENANT_SETTING, tenant))) {
      // The connection is borrowed for this call only: Spring must not close it, we do.
      return work.apply(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("no connection for the tenant", e);
    }
  }
}
