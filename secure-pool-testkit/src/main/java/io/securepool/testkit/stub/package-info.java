/**
 * A zero-cost stub JDBC driver: connections (also pgjdbc's {@code BaseConnection}) and statements
 * that do nothing, so that what a test or benchmark measures is the pool and its wrappers, not a
 * network or a server. The benchmarks compare bare HikariCP and secure-pool over it; tests of pool
 * mechanics can use it where a real server is not what is under test.
 */
package io.securepool.testkit.stub;
