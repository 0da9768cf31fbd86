/** secure-pool: a PostgreSQL DataSource over HikariCP on which the secure way is the only way. */
package io.securepool;
