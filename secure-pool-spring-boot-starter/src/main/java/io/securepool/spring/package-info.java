/** Spring Boot auto-configuration of a secure-pool DataSource. */
package io.securepool.spring;
