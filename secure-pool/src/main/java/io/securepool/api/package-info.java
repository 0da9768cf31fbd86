/**
 * The bottom layer: every refusal secure-pool makes ({@link io.securepool.api.SecurePoolException}
 * and its kinds) and the catalogue of its rules ({@link io.securepool.api.SecurityRule}). Depends
 * on nothing else of secure-pool.
 */
package io.securepool.api;
