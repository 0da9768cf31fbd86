/** Real servers for tests: a TLS-only, SCRAM-only PostgreSQL with per-run certificates. */
package io.securepool.testkit;
