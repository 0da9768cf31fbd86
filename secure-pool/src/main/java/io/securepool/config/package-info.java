/**
 * A pool's configuration: the registry of settings with their defaults ({@link
 * io.securepool.config.Setting}), the builder and {@code fromProperties} ({@link
 * io.securepool.config.SecurePoolConfig}), and the checks that refuse a configuration before
 * anything is built.
 */
package io.securepool.config;
