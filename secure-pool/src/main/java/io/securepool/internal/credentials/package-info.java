/**
 * Credentials from Vault and their rotation under a live pool: the Vault calls, logins, secret
 * sources, the rotation engine, and the pool side that moves connections onto new credentials.
 */
package io.securepool.internal.credentials;
