/**
 * A Vault-compatible HTTPS server for tests that issues, renews and revokes real PostgreSQL roles
 * the way HashiCorp Vault's database secrets engine does.
 */
package io.securepool.testkit.vault;
