/**
 * A zero-cost stub JDBC driver for the benchmarks: connections and statements that do nothing, so
 * that what is measured is HikariCP and secure-pool's wrappers, not a network or a server.
 */
package io.securepool.benchmarks.stub;
