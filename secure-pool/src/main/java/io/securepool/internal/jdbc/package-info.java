/** JDBC wrappers beneath HikariCP's proxy, created once per physical connection. */
package io.securepool.internal.jdbc;
