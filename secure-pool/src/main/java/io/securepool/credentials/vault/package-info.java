/**
 * Credentials from HashiCorp Vault (or OpenBao): dynamic database credentials, static roles and KV
 * v2 secrets, with token, AppRole or Kubernetes login, renewed and rotated under the live pool.
 */
package io.securepool.credentials.vault;
