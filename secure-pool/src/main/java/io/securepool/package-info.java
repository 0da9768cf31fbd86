/**
 * secure-pool: a PostgreSQL DataSource over HikariCP on which the secure way is the only way.
 *
 * <p>This package is the front door, {@link io.securepool.SecureDataSource}, which assembles the
 * guards. What a user's code otherwise touches lives below it: refusals and the rule catalogue in
 * {@link io.securepool.api}, configuration in {@link io.securepool.config}, and the contracts in
 * {@code event}, {@code health}, {@code audit}, {@code session}, {@code posture}, {@code inspect}
 * and {@code credentials}. The guards live under {@code internal}.
 */
package io.securepool;
