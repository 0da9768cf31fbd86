/** The physical-connect path: a fixed pipeline of steps behind the DataSource HikariCP is given. */
package io.securepool.internal.connect;
